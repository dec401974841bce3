// The command line: subcommands and options, parsed with CLI11.
#pragma once

namespace tqcli {

// Parses argv and runs the chosen subcommand; returns the exit status. Usage errors
// print one line on standard error and give 2; --help and --version print to standard
// output and give 0.
int parse_and_run(int argc, char **argv);

}  // namespace tqcli
