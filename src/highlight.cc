// highlight.cc: code as token kinds through KSyntaxHighlighting (KDE's syntax
// definitions, those Kate and pandoc's skylighting use), the module
// gazette-highlight.so; with Qt, loaded only when a page has code to colour.
// Qt's `emit` and `signals` keywords would clash with gazette's names.
#define QT_NO_KEYWORDS
extern "C" {
#include "highlight.h"
#include "internal.h"
}

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>
#include <ksyntaxhighlighting_version.h>

#include <QString>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

namespace {

namespace KS = KSyntaxHighlighting;
using Style = KS::Theme::TextStyle;

// The repository reads its index of 300+ definitions once; neither it nor
// a definition may be used from two threads at once, so one lock guards all.
std::mutex lock;
KS::Repository *repository;

void
free_repository()
{
	delete repository;
	repository = nullptr;
}

KS::Repository &
repo()
{
	if (!repository) {
		repository = new KS::Repository;
		gz_at_shutdown(free_repository);
	}
	return *repository;
}

// Names Markdown writers use that are neither a definition's name nor a file
// extension the definitions list.
struct alias {
	const char *name, *definition;
};
const alias aliases[] = {
	{ "shell", "Bash" },     { "sh", "Bash" },      { "zsh", "Zsh" },
	{ "golang", "Go" },      { "py", "Python" },    { "python3", "Python" },
	{ "yml", "YAML" },       { "patch", "Diff" },   { "c++", "C++" },
	{ "js", "JavaScript" },  { "ts", "TypeScript" }, { "rs", "Rust" },
	{ "rb", "Ruby" },        { "make", "Makefile" }, { "dockerfile", "Dockerfile" },
	{ "html", "HTML" },      { "xml", "XML" },      { "text", nullptr },
	{ "plain", nullptr },    { "plaintext", nullptr }, { "txt", nullptr },
};

// The definition a fence's language names: an alias, else a definition's
// name (any case), else a file extension ("h", "hpp", "pl").
KS::Definition
definition(const char *lang)
{
	for (const alias &a : aliases)
		if (strcasecmp(lang, a.name) == 0)
			return a.definition ? repo().definitionForName(QString::fromLatin1(a.definition))
			    : KS::Definition();
	QString name = QString::fromUtf8(lang);
	KS::Definition d = repo().definitionForName(name);
	if (d.isValid())
		return d;
	for (const KS::Definition &c : repo().definitions())
		if (c.name().compare(name, Qt::CaseInsensitive) == 0)
			return c;
	return repo().definitionForFileName(QStringLiteral("x.") + name);
}

// A text style as a token kind; -1 for plain text (normal text, and
// `Others` and `Error`, which definitions use for odds and ends).
int
kind_of(Style s)
{
	switch (s) {
	case Style::Keyword:
	case Style::ControlFlow:
		return GZ_TOKEN_KEYWORD;
	case Style::DataType:
		return GZ_TOKEN_TYPE;
	case Style::Char:
	case Style::SpecialChar:
	case Style::String:
	case Style::VerbatimString:
	case Style::SpecialString:
		return GZ_TOKEN_STRING;
	case Style::DecVal:
	case Style::BaseN:
	case Style::Float:
		return GZ_TOKEN_NUMBER;
	case Style::Comment:
	case Style::Documentation:
	case Style::CommentVar:
	case Style::RegionMarker:
	case Style::Information:
	case Style::Warning:
	case Style::Alert:
		return GZ_TOKEN_COMMENT;
	case Style::Function:
		return GZ_TOKEN_FUNCTION;
	case Style::Operator:
		return GZ_TOKEN_OPERATOR;
	case Style::Preprocessor:
	case Style::Import:
		return GZ_TOKEN_PREPROCESSOR;
	case Style::BuiltIn:
	case Style::Extension:
		return GZ_TOKEN_BUILTIN;
	case Style::Variable:
		return GZ_TOKEN_VARIABLE;
	case Style::Constant:
		return GZ_TOKEN_CONSTANT;
	case Style::Attribute:
	case Style::Annotation:
		return GZ_TOKEN_ATTRIBUTE;
	default:
		return -1;
	}
}

// Runs the definition line by line and collects tokens in bytes: Qt counts
// in UTF-16 units, so each line keeps where every unit starts in its bytes.
class collector : public KS::AbstractHighlighter {
public:
	std::vector<gz_token> tokens;

	explicit collector(const char *text) : text(text) {}

	void
	line(const char *s, size_t len, size_t at)
	{
		QString text = QString::fromUtf8(s, (int)len);
		unit_byte.clear();
		for (size_t i = 0; i < len; i++)
			if (((unsigned char)s[i] & 0xC0) != 0x80) {
				unit_byte.push_back(i);
				if ((unsigned char)s[i] >= 0xF0)        // a surrogate pair
					unit_byte.push_back(i);
			}
		unit_byte.push_back(len);
		line_at = at;
		state = highlightLine(text, state);
	}

protected:
	bool
	blank(size_t start, size_t end) const
	{
		while (start < end && (text[start] == ' ' || text[start] == '\t'))
			start++;
		return start == end;
	}

	void
	applyFormat(int offset, int length, const KS::Format &format) override
	{
		int kind = kind_of(format.textStyle());
		if (kind < 0 || length <= 0 || (size_t)(offset + length) >= unit_byte.size())
			return;
		size_t start = line_at + unit_byte[offset];
		size_t end = line_at + unit_byte[offset + length];
		if (blank(start, end))
			return;         // YAML marks the space after a key
		if (!tokens.empty() && tokens.back().kind == kind
		    && tokens.back().start + tokens.back().len == start) {
			tokens.back().len = end - start + tokens.back().len;
			return;
		}
		tokens.push_back(gz_token{ start, end - start, (gz_token_kind)kind });
	}

private:
	const char *text;
	KS::State state;
	std::vector<size_t> unit_byte;
	size_t line_at = 0;
};

} // namespace

extern "C" bool
gz_hl_known(const char *lang)
{
	std::lock_guard<std::mutex> hold(lock);
	return definition(lang).isValid();
}

extern "C" bool
gz_hl_tokens(const char *lang, const char *text, size_t len, gz_tokens *out)
{
	*out = gz_tokens{};
	if (gz_utf8_valid_prefix(text, len) != len || len > INT32_MAX)
		return false;
	std::lock_guard<std::mutex> hold(lock);
	KS::Definition d = definition(lang);
	if (!d.isValid())
		return false;
	collector c(text);
	c.setDefinition(d);
	c.setTheme(repo().defaultTheme());
	for (size_t at = 0; at < len;) {
		const char *nl = (const char *)memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t stop = end > at && text[end - 1] == '\r' ? end - 1 : end;
		c.line(text + at, stop - at, at);
		at = end + 1;
	}
	if (c.tokens.empty())
		return true;
	out->v = (gz_token *)gz_xmalloc(c.tokens.size() * sizeof *out->v);
	std::copy(c.tokens.begin(), c.tokens.end(), out->v);
	out->count = c.tokens.size();
	return true;
}

extern "C" char *
gz_highlight_versions(void)
{
	return gz_xasprintf("KSyntaxHighlighting %s with Qt %s\n", SyntaxHighlighting_VERSION_STRING,
	    qVersion());
}
