# fish completion for taskdoc; installed to share/fish/vendor_completions.d by cmake --install.

function __taskdoc_workstreams
    set -l content content
    if test -f taskdoc.yaml
        set -l c (sed -n 's/^content:[[:space:]]*\([^#[:space:]]*\).*/\1/p' taskdoc.yaml)
        test -n "$c"; and set content $c
    end
    sed -n 's/^id:[[:space:]]*["'\'']\{0,1\}\([a-z0-9.-]*\).*/\1/p' $content/workstreams/*.y*ml 2>/dev/null
end

function __taskdoc_weeks
    for i in (seq 0 12)
        date -d "-$i week" +%G-W%V 2>/dev/null
    end
end

set -l cmds check export build graph burndown report archive import init serve schema help
complete -c taskdoc -f
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a check -d 'report every error and warning'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a export -d 'print the model as JSON'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a build -d 'render the pages'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a graph -d 'draw a dependency graph'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a burndown -d 'the burn-down from git history'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a report -d 'a weekly report'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a archive -d 'move finished phases into content/archive'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a import -d 'turn hand-kept Markdown task pages into a plan'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a init -d 'write a starter plan'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a serve -d 'serve the site, rebuild on save'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a schema -d 'print a JSON Schema'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -a help -d 'help on a command'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -s C -r -a '(__fish_complete_directories)' -d 'run as if started in DIR'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -l config -r -F -d 'configuration file'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -l as-of -x -d 'as-of date YYYY-MM-DD'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -l rev -x -d 'git revision'
complete -c taskdoc -n "not __fish_seen_subcommand_from $cmds" -l version -d 'version'
complete -c taskdoc -l help -s h -d 'help'
complete -c taskdoc -n "__fish_seen_subcommand_from check" -l format -x -a 'text github json'
complete -c taskdoc -n "__fish_seen_subcommand_from export" -l format -x -a 'json'
complete -c taskdoc -n "__fish_seen_subcommand_from build" -l quiet -d 'no summary'
complete -c taskdoc -n "__fish_seen_subcommand_from build" -l check -d 'write nothing, list what would change'
complete -c taskdoc -n "__fish_seen_subcommand_from graph burndown archive" -l workstream -x -a '(__taskdoc_workstreams)'
complete -c taskdoc -n "__fish_seen_subcommand_from archive" -l phase -x -d 'only this phase'
complete -c taskdoc -n "__fish_seen_subcommand_from archive" -l before -x -d 'done before YYYY-MM-DD'
complete -c taskdoc -n "__fish_seen_subcommand_from archive" -l dry-run -d 'print what would move, change nothing'
complete -c taskdoc -n "__fish_seen_subcommand_from graph" -l level -x -a 'task phase workstream'
complete -c taskdoc -n "__fish_seen_subcommand_from graph" -l format -x -a 'svg dot'
complete -c taskdoc -n "__fish_seen_subcommand_from graph" -l links -x -a 'html directory markdown'
complete -c taskdoc -n "__fish_seen_subcommand_from graph" -l node-limit -x
complete -c taskdoc -n "__fish_seen_subcommand_from graph" -s o -r -F
complete -c taskdoc -n "__fish_seen_subcommand_from burndown" -l by -x -a 'hours tasks'
complete -c taskdoc -n "__fish_seen_subcommand_from burndown" -l format -x -a 'svg csv json'
complete -c taskdoc -n "__fish_seen_subcommand_from report; and not __fish_seen_subcommand_from weekly" -a weekly
complete -c taskdoc -n "__fish_seen_subcommand_from report" -l week -x -a '(__taskdoc_weeks)'
complete -c taskdoc -n "__fish_seen_subcommand_from init" -a '(__fish_complete_directories)'
complete -c taskdoc -n "__fish_seen_subcommand_from serve" -l port -x
complete -c taskdoc -n "__fish_seen_subcommand_from serve" -l bind -x -a '127.0.0.1 ::1 0.0.0.0'
complete -c taskdoc -n "__fish_seen_subcommand_from serve" -l open -d 'open the browser'
complete -c taskdoc -n "__fish_seen_subcommand_from schema" -a 'project workstream config evidence'
complete -c taskdoc -n "__fish_seen_subcommand_from help" -a "$cmds"
complete -c taskdoc -n "__fish_seen_subcommand_from import" -F -d 'a Markdown task page'
complete -c taskdoc -n "__fish_seen_subcommand_from import" -s o -l output -r -a '(__fish_complete_directories)' -d 'the folder to create'
complete -c taskdoc -n "__fish_seen_subcommand_from import" -l force -d 'write into a folder that is not empty'
complete -c taskdoc -n "__fish_seen_subcommand_from import" -l history -d "dates from the pages' git history"
complete -c taskdoc -n "__fish_seen_subcommand_from import" -l name -x -d "the project's short name"
