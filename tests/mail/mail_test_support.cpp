#include "mail/mail_test_support.hpp"

#include "core/base/ascii_text.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace qrgate::testing {

using qrgate::asciiLower;

MailFolder::MailFolder(const std::string& eventName) {
    auto created = runQrgate({"--data", m_dir.path().string(), "event", "create", "--name", eventName, "--venue",
                              "Salle Pleyel, Paris", "--starts", "2026-12-05T19:30:00+01:00"});
    if (created.exitCode != 0) throw std::runtime_error("event create failed: " + created.err);
    m_eventId = created.out.substr(0, created.out.find_first_of("\r\n"));
}

ProcessResult MailFolder::qrgate(std::vector<std::string> args, const std::vector<std::string>& env) const {
    args.insert(args.begin(), {"--data", m_dir.path().string()});
    return runQrgate(args, env);
}

void MailFolder::issue(std::vector<Attendee>& attendees) {
    const auto csv = m_scratch.path() / "attendees.csv";
    {
        std::ofstream out(csv);
        out << "name,email\n";
        for (const auto& a : attendees) out << "\"" << a.name << "\"," << a.email << "\n";
    }
    auto issued = qrgate({"tickets", "issue", "--event", m_eventId, "--csv", csv.string(), "--json"});
    if (issued.exitCode != 0) throw std::runtime_error("tickets issue failed: " + issued.err);
    const auto rows = nlohmann::json::parse(issued.out);
    if (rows.size() != attendees.size()) throw std::runtime_error("tickets issue gave another count");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        attendees[i].ticketId = rows[i]["id"];
        attendees[i].number = rows[i]["number"].is_string() ? rows[i]["number"].get<std::string>()
                                                            : std::to_string(rows[i]["number"].get<long long>());
        attendees[i].qrData = rows[i]["qrData"];
    }
}

std::vector<std::string> MailFolder::sendArgs(const SmtpTestServer& server, const std::vector<std::string>& extra) const {
    std::vector<std::string> args = {"mail", "send", "--event", m_eventId, "--smtp", server.url(), "--no-tls",
                                     "--from", "Équipe Fête <tickets@example.org>", "--rate", "0",
                                     "--retry-after", "0.1", "--timeout", "5"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

ProcessResult MailFolder::send(const SmtpTestServer& server, const std::vector<std::string>& extra,
                               const std::vector<std::string>& env) const {
    return qrgate(sendArgs(server, extra), env);
}

nlohmann::json MailFolder::status() const {
    auto shown = qrgate({"mail", "status", "--event", m_eventId, "--json"});
    if (shown.exitCode != 0) throw std::runtime_error("mail status failed: " + shown.err);
    return nlohmann::json::parse(shown.out);
}

std::vector<Attendee> sampleAttendees(std::size_t count) {
    static const std::vector<std::string> names = {
        "Émile Zola",        "Łukasz Żółkiewski", "Δημήτρης Παπαδόπουλος", "Анна Каренина",
        "Zoë O'Brien",       "Jürgen Groß",       "José María Núñez",      "Ngozi Okonkwo",
        "Doe, Jane",         "François Müller"};
    std::vector<Attendee> out;
    for (std::size_t i = 0; i < count; ++i) {
        Attendee a;
        a.name = names[i % names.size()] + (i >= names.size() ? " " + std::to_string(i) : "");
        a.email = "guest" + std::to_string(i + 1) + "@example.org";
        out.push_back(a);
    }
    return out;
}

std::vector<std::string> decodeImage(const std::filesystem::path& image) {
    auto decoded = runQrgate({"decode", "--json", image.string()});
    std::vector<std::string> codes;
    if (decoded.exitCode != 0 && decoded.out.empty()) return codes;
    const auto line = nlohmann::json::parse(decoded.out.substr(0, decoded.out.find('\n')));
    for (const auto& c : line["codes"]) codes.push_back(c.get<std::string>());
    return codes;
}

std::vector<std::string> decodePdf(const std::filesystem::path& pdf, const std::filesystem::path& workDir) {
    const auto prefix = workDir / (pdf.stem().string() + "-page");
    auto raster = runProcess({"/usr/bin/pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1",
                              pdf.string(), prefix.string()});
    if (raster.exitCode != 0) return {};
    for (const auto& name : {"-1.png", "-01.png", "-001.png"}) {
        const auto png = std::filesystem::path(prefix.string() + name);
        if (std::filesystem::exists(png)) return decodeImage(png);
    }
    return {};
}

std::map<std::string, int> messagesPerAddress(const std::vector<ReceivedMail>& mails) {
    std::map<std::string, int> count;
    for (const auto& m : mails)
        for (const auto& to : m.meta["rcptTos"]) {
            ++count[asciiLower(to.get<std::string>())];
        }
    return count;
}

std::vector<std::filesystem::path> filesUnder(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
        if (entry.is_regular_file()) files.push_back(entry.path());
    return files;
}

std::string readWholeFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace qrgate::testing
