# bash completion for gazette: options and formats are read from `gazette --help`,
# so they never drift from the program.
_gazette()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-t|--to)
		local formats
		formats=$(gazette --help 2>/dev/null | sed -n '/^Formats:/,/^$/p' | awk 'NF && NR > 1 {print $1}')
		COMPREPLY=($(compgen -W "$formats" -- "${cur##*,}"))
		return ;;
	--dialect) COMPREPLY=($(compgen -W "github commonmark" -- "$cur")); return ;;
	--feed-items) COMPREPLY=($(compgen -W "entries pages" -- "$cur")); return ;;
	# -o names a folder, or a file (one output, or --combine's PDF)
	-o|--output) COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.@(pdf|html|xml|atom)' -- "$cur")); return ;;
	--font-dir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	# a colon-separated list of folders: complete the last one
	--resource-path)
		local head=""
		[[ $cur == *:* ]] && head=${cur%:*}:
		COMPREPLY=($(compgen -d -P "$head" -- "${cur##*:}"))
		return ;;
	--config|--template) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	-j|--jobs|--feed-limit|--set) return ;;
	esac
	if [[ $cur == -* ]]; then
		local opts
		opts=$(gazette --help 2>/dev/null | grep -o -- '--[a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -X '!*.@(md|markdown|txt)' -- "$cur") $(compgen -d -- "$cur"))
	fi
}
complete -F _gazette gazette
