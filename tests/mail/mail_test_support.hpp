#pragma once
// What the mail tests share: a data folder with an event and attendees made through the real
// command line, `qrgate mail ...` run as a user would, and a received message taken apart the way
// the attendee's side would: the inline QR image and the attached PDF (rasterised with poppler)
// read by `qrgate decode` (ZXing-C++).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/smtp_test_server.hpp"
#include "support/temp_dir.hpp"

namespace qrgate::testing {

struct Attendee {
    std::string name;
    std::string email;
    // Filled when issued:
    std::string ticketId;
    std::string number;
    std::string qrData;
};

class MailFolder {
public:
    // Creates an event with a venue and start time.
    explicit MailFolder(const std::string& eventName = "Fête de la Musique 2026");

    // Issues one ticket per attendee through `tickets issue --csv`, filling ticketId/qrData.
    void issue(std::vector<Attendee>& attendees);

    ProcessResult qrgate(std::vector<std::string> args, const std::vector<std::string>& env = {}) const;
    // `mail send --event E` with the server's plain local relay settings, no rate limit, short
    // retry waits and timeouts, then `extra`.
    ProcessResult send(const SmtpTestServer& server, const std::vector<std::string>& extra = {},
                       const std::vector<std::string>& env = {}) const;
    std::vector<std::string> sendArgs(const SmtpTestServer& server, const std::vector<std::string>& extra = {}) const;
    // `mail status --json`: one object per ticket.
    nlohmann::json status() const;

    const std::filesystem::path& data() const { return m_dir.path(); }
    const std::string& eventId() const { return m_eventId; }
    // A folder of the test's own beside the data folder (attachments, rasters, password files).
    const std::filesystem::path& scratch() const { return m_scratch.path(); }

private:
    TempDir m_dir;
    TempDir m_scratch;
    std::string m_eventId;
};

// Attendees with names from several scripts; every one with an address.
std::vector<Attendee> sampleAttendees(std::size_t count);

// The codes `qrgate decode` reads in an image file.
std::vector<std::string> decodeImage(const std::filesystem::path& image);
// The PDF rasterised at 150 dpi (pdftoppm), page 1, and the codes read in it.
std::vector<std::string> decodePdf(const std::filesystem::path& pdf, const std::filesystem::path& workDir);

// The messages received for each address (lower case).
std::map<std::string, int> messagesPerAddress(const std::vector<ReceivedMail>& mails);

// Every regular file under `root`, recursively.
std::vector<std::filesystem::path> filesUnder(const std::filesystem::path& root);
std::string readWholeFile(const std::filesystem::path& file);

}  // namespace qrgate::testing
