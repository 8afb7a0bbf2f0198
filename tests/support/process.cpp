#include "support/process.hpp"

#include <cstdlib>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

#include <chrono>
#include <stdexcept>

namespace qrgate::testing {

ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input, int timeoutSeconds) {
    return runProcess(argv, input, timeoutSeconds, {});
}

ProcessResult runProcess(const std::vector<std::string>& argv, const std::string& input, int timeoutSeconds,
                         const std::vector<std::string>& env) {
    // Built before fork: the child only calls async-signal-safe functions.
    std::vector<std::string> environment;
    for (char** e = environ; *e; ++e) {
        const std::string setting = *e;
        const auto name = setting.substr(0, setting.find('=') + 1);
        bool replaced = false;
        for (const auto& mine : env) replaced = replaced || mine.rfind(name, 0) == 0;
        if (!replaced) environment.push_back(setting);
    }
    environment.insert(environment.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) throw std::runtime_error("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        execve(args[0], args.data(), envp.data());
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err[1]);
    signal(SIGPIPE, SIG_IGN);
    if (!input.empty()) (void)!write(in[1], input.data(), input.size());
    close(in[1]);

    ProcessResult r;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open = 2;
    bool killed = false;
    while (open > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
        if (poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            char buf[65536];
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            } else {
                (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) close(f.fd);
    int status = 0;
    waitpid(pid, &status, 0);
    r.exitCode = (!killed && WIFEXITED(status)) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string qrgateBinary() {
    const char* other = std::getenv("QRGATE_TEST_BINARY");
    return other && *other ? other : QRGATE_BINARY;
}

ProcessResult runQrgate(const std::vector<std::string>& args, const std::string& input) {
    return runQrgate(args, std::vector<std::string>{}, input);
}

ProcessResult runQrgate(const std::vector<std::string>& args, const std::vector<std::string>& env,
                        const std::string& input) {
    std::vector<std::string> argv{qrgateBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return runProcess(argv, input, 120, env);
}

}  // namespace qrgate::testing
