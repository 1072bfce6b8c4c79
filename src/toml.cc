// toml.cc: TOML (Hugo's configuration) through toml++, handed to the core as
// a gz_value map; the only C++ in gazette.
#include <toml++/toml.h>

#include <cstring>
#include <sstream>
#include <string>

extern "C" {
#include "internal.h"
}

namespace {

gz_value *
string_value(const std::string &s, unsigned line)
{
	gz_value *v = gz_value_new_string(s.data(), s.size());
	v->line = line;
	return v;
}

// Scalars become strings as YAML's do (dates as YAML writes them).
gz_value *
convert(const toml::node &n)
{
	unsigned line = n.source().begin.line;
	if (auto t = n.as_table()) {
		gz_value *map = gz_value_new(GZ_VALUE_MAP);
		map->line = line;
		for (auto &&[key, child] : *t)
			gz_value_put(map, std::string(key.str()).c_str(), convert(child));
		return map;
	}
	if (auto a = n.as_array()) {
		gz_value *list = gz_value_new(GZ_VALUE_LIST);
		list->line = line;
		for (auto &&child : *a)
			gz_value_append(list, convert(child));
		return list;
	}
	if (auto s = n.as_string())
		return string_value(s->get(), line);
	if (auto b = n.as_boolean())
		return string_value(b->get() ? "true" : "false", line);
	std::ostringstream out;
	n.visit([&out](auto &&v) {
		if constexpr (toml::is_number<decltype(v)> || toml::is_date_time<decltype(v)>
		    || toml::is_date<decltype(v)> || toml::is_time<decltype(v)>)
			out << v;
	});
	std::string s = out.str();
	// toml++ writes a date-time with a 'T'; YAML dates read either way.
	return string_value(s, line);
}

} // namespace

extern "C" gz_value *
gz_toml_parse(const char *name, const char *data, size_t len, struct gz_log *log)
{
	try {
		toml::table t = toml::parse(std::string_view(data, len), std::string_view(name));
		return convert(t);
	} catch (const toml::parse_error &e) {
		std::string what(e.description());
		gz_error(log, name, e.source().begin.line, "%s (the file is not valid TOML)",
		    what.c_str());
		return nullptr;
	} catch (const std::bad_alloc &) {
		gz_error(log, name, 0, "out of memory reading the site configuration");
		return nullptr;
	}
}
