#pragma once
// Runs a program as a user would and collects what it printed and its exit code.
#include <string>
#include <vector>

namespace qrgate::testing {

struct ProcessResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};

// Runs `argv` (argv[0] is the program path) with optional standard input; waits at most
// `timeoutSeconds` and kills the program after that (exitCode -1).
ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input = "",
                         int timeoutSeconds = 120);
// The same, with `env` ("NAME=value") added to this process's environment, replacing a setting
// of the same name: e.g. CUPS_SERVER for a private print server, without changing our own.
ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input, int timeoutSeconds,
                         const std::vector<std::string>& env);

// The qrgate binary under test: the one this build made, or $QRGATE_TEST_BINARY (to run the
// same tests against another build, e.g. an older one to see a new test fail).
std::string qrgateBinary();

// Runs the qrgate binary under test with these arguments.
ProcessResult runQrgate(const std::vector<std::string>& args, const std::string& input = "");
ProcessResult runQrgate(const std::vector<std::string>& args, const std::vector<std::string>& env,
                        const std::string& input = "");

}  // namespace qrgate::testing
