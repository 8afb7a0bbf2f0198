// How the organizer tells qrgate where to send mail from: the server address (TLS unless the
// relay is on this machine), the sender, and the settings kept in the data folder with the
// password in a file of its own that only its owner can read.
#include "core/mail/mail_settings.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "support/file_text.hpp"
#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

using testing::fileText;
using testing::TempDir;

SmtpEndpoint endpoint(const std::string& url, bool plainLocal = false) {
    auto e = parseSmtpEndpoint(url, plainLocal);
    if (!e) ADD_FAILURE() << url << ": " << e.error().message;
    return e ? *e : SmtpEndpoint{};
}

std::string refusal(const std::string& url, bool plainLocal = false) {
    auto e = parseSmtpEndpoint(url, plainLocal);
    if (e) return "accepted as " + e->curlUrl();
    EXPECT_FALSE(e.error().message.empty());
    return e.error().code;
}

TEST(SmtpEndpoint, SmtpMeansStartTlsOnPort587) {
    const auto e = endpoint("smtp://smtp.example.org");
    EXPECT_EQ(e.security, SmtpSecurity::StartTls);
    EXPECT_EQ(e.host, "smtp.example.org");
    EXPECT_EQ(e.port, 587);
    EXPECT_EQ(e.curlUrl(), "smtp://smtp.example.org:587");
    EXPECT_EQ(e.describe(), "smtp.example.org:587 (STARTTLS)");
}

TEST(SmtpEndpoint, SmtpsMeansTlsFromTheStartOnPort465) {
    const auto e = endpoint("smtps://mail.example.org");
    EXPECT_EQ(e.security, SmtpSecurity::ImplicitTls);
    EXPECT_EQ(e.port, 465);
    EXPECT_EQ(e.curlUrl(), "smtps://mail.example.org:465");
}

TEST(SmtpEndpoint, AnExplicitPortIsKept) {
    EXPECT_EQ(endpoint("smtp://smtp.example.org:2525").port, 2525);
    EXPECT_EQ(endpoint("smtps://mail.example.org:4650").port, 4650);
    EXPECT_EQ(endpoint("  smtp://smtp.example.org:25/  ").curlUrl(), "smtp://smtp.example.org:25")
        << "spaces around and a trailing slash, as pasted";
}

TEST(SmtpEndpoint, AnIpv6AddressIsWrittenInBrackets) {
    const auto e = endpoint("smtp://[::1]:25", true);
    EXPECT_EQ(e.host, "::1");
    EXPECT_EQ(e.port, 25);
    EXPECT_EQ(e.security, SmtpSecurity::PlainLocal);
    EXPECT_EQ(e.curlUrl(), "smtp://[::1]:25");
    EXPECT_EQ(endpoint("smtps://[2001:db8::25]").curlUrl(), "smtps://[2001:db8::25]:465");
}

TEST(SmtpEndpoint, AnIpv6AddressWithoutBracketsIsRefusedNotMisread) {
    // "smtp://2001:db8::25" read as host "2001:db8:" and port 25 would send mail nowhere.
    for (const std::string url : {"smtp://2001:db8::25", "smtps://2001:db8::1:465", "smtp://::1"}) {
        auto e = parseSmtpEndpoint(url, false);
        ASSERT_FALSE(e.ok()) << url << " read as " << e->curlUrl();
        EXPECT_EQ(e.error().code, "bad_smtp_url") << url;
        EXPECT_NE(e.error().message.find("["), std::string::npos) << "says how to write it: " << e.error().message;
    }
    auto local = parseSmtpEndpoint("smtp://::1", true);
    ASSERT_FALSE(local.ok());
    EXPECT_EQ(local.error().code, "bad_smtp_url") << "not \"plain_not_local\" for a host it misread";
}

TEST(SmtpEndpoint, WhatIsNotAnSmtpServerAddressIsRefused) {
    EXPECT_EQ(refusal("http://smtp.example.org"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp.example.org"), "bad_smtp_url");
    EXPECT_EQ(refusal(""), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp://"), "bad_smtp_url") << "no host";
    EXPECT_EQ(refusal("smtp://smtp.example.org/inbox"), "bad_smtp_url") << "a path";
    EXPECT_EQ(refusal("smtp://ada@smtp.example.org"), "bad_smtp_url") << "a user name belongs in --user";
    EXPECT_EQ(refusal("smtp://ada:secret@smtp.example.org:587"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp://smtp.example.org:0"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp://smtp.example.org:70000"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp://smtp.example.org:abc"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp://smtp.example.org:-25"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp://smtp example.org"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtp://[::1"), "bad_smtp_url");
    EXPECT_EQ(refusal("smtps://mail.example.org", true), "bad_smtp_url") << "smtps with --no-tls";
}

TEST(SmtpEndpoint, NoTlsIsAllowedForARelayOnThisMachine) {
    for (const std::string url : {"smtp://localhost", "smtp://127.0.0.1:2525", "smtp://127.0.0.5", "smtp://[::1]"}) {
        const auto e = endpoint(url, true);
        EXPECT_EQ(e.security, SmtpSecurity::PlainLocal) << url;
    }
    EXPECT_EQ(endpoint("smtp://localhost", true).port, 25) << "a local relay listens on 25";
}

TEST(SmtpEndpoint, NoTlsIsRefusedForAServerOnAnotherMachine) {
    for (const std::string url : {"smtp://smtp.example.org", "smtp://192.168.1.10:25", "smtp://[2001:db8::1]:25",
                                  "smtp://localhost.example.org", "smtp://128.0.0.1"}) {
        auto e = parseSmtpEndpoint(url, true);
        ASSERT_FALSE(e.ok()) << url;
        EXPECT_EQ(e.error().code, "plain_not_local") << url;
    }
}

TEST(MailAddress, ANameAndAnAddressAreTakenApart) {
    const struct {
        std::string text, name, address;
    } cases[] = {
        {"Ada Lovelace <ada@example.org>", "Ada Lovelace", "ada@example.org"},
        {"  ada@example.org  ", "", "ada@example.org"},
        {"\"Doe, Jane\" <jane@example.org>", "Doe, Jane", "jane@example.org"},  // the quotes are not the name's
        {"<box@example.org>", "", "box@example.org"},
        {"Box Office < box@example.org >", "Box Office", "box@example.org"},
    };
    for (const auto& c : cases) {
        auto a = parseNamedAddress(c.text);
        ASSERT_TRUE(a.ok()) << c.text << ": " << a.error().message;
        EXPECT_EQ(a->name, c.name) << c.text;
        EXPECT_EQ(a->address, c.address) << c.text;
    }
}

TEST(MailAddress, WhatHoldsNoUsableAddressIsRefused) {
    for (const std::string text : {"", "Ada Lovelace", "Ada <>", "Ada <ada>", "ada@", "@example.org",
                                   "Ada <ada@example.org", "ada@example.org, bob@example.org", "ada lovelace@example.org"}) {
        auto a = parseNamedAddress(text);
        ASSERT_FALSE(a.ok()) << "\"" << text << "\" accepted as " << a->address;
        EXPECT_EQ(a.error().code, "bad_address");
    }
    auto lineBreak = parseNamedAddress("Ada\r\nBcc: x@example.org <ada@example.org>");
    ASSERT_FALSE(lineBreak.ok()) << "a line break in the name would add a header";
    EXPECT_EQ(lineBreak.error().code, "bad_address");
}

TEST(MailAddress, PlausibleAddresses) {
    for (const std::string ok : {"ada@example.org", "a.b+tickets@mail.example.co.uk", "root@localhost", "x@127.0.0.1"})
        EXPECT_TRUE(isPlausibleAddress(ok)) << ok;
    for (const std::string bad :
         {"", "a@", "@b", "ab", "not-an-address", "a@@b.org", "a@b@c.org", "a b@c.org", "a@b .org", "<a@b.org>",
          "a@b.org,", "a@.b.org", "a@b.org.", "a@b..org", ".a@b.org", "a.@b.org", "a..b@c.org", "a@b.org\n",
          "a\tb@c.org", "\"a\"@b.org", "a@[1.2.3.4]", "a\\b@c.org"})
        EXPECT_FALSE(isPlausibleAddress(bad)) << bad;
    EXPECT_FALSE(isPlausibleAddress("a@" + std::string(260, 'b') + ".org")) << "longer than 254";
}

struct SettingsFiles {
    TempDir dir;
    MailSettingsStore store{dir / "mail.json", dir / "smtp-password"};
};

MailSettings sample() {
    MailSettings s;
    s.smtpUrl = "smtps://mail.example.org:465";
    s.plainLocal = false;
    s.caFile = "/etc/ssl/our-ca.pem";
    s.user = "box-office";
    s.fromName = "Jazz Night Box Office";
    s.fromAddress = "tickets@jazz.example.org";
    s.ratePerMinute = 20;
    s.onePerAddress = true;
    s.timeoutSeconds = 12;
    s.retryBaseSeconds = 7.5;
    s.maxAttempts = 4;
    return s;
}

TEST(MailSettingsStore, NothingSavedGivesTheDefaults) {
    SettingsFiles f;
    auto s = f.store.load();
    ASSERT_TRUE(s.ok());
    EXPECT_FALSE(s->configured());
    EXPECT_EQ(s->ratePerMinute, MailSettings{}.ratePerMinute);
    EXPECT_EQ(s->maxAttempts, MailSettings{}.maxAttempts);
    EXPECT_FALSE(f.store.hasPassword());
    EXPECT_EQ(f.store.password().value(), "");
}

TEST(MailSettingsStore, SavedSettingsComeBack) {
    SettingsFiles f;
    ASSERT_TRUE(f.store.save(sample()).ok());
    auto s = MailSettingsStore(f.dir / "mail.json", f.dir / "smtp-password").load();
    ASSERT_TRUE(s.ok()) << s.error().message;
    const MailSettings want = sample();
    EXPECT_EQ(s->smtpUrl, want.smtpUrl);
    EXPECT_EQ(s->plainLocal, want.plainLocal);
    EXPECT_EQ(s->caFile, want.caFile);
    EXPECT_EQ(s->user, want.user);
    EXPECT_EQ(s->fromName, want.fromName);
    EXPECT_EQ(s->fromAddress, want.fromAddress);
    EXPECT_EQ(s->ratePerMinute, want.ratePerMinute);
    EXPECT_EQ(s->onePerAddress, want.onePerAddress);
    EXPECT_EQ(s->timeoutSeconds, want.timeoutSeconds);
    EXPECT_DOUBLE_EQ(s->retryBaseSeconds, want.retryBaseSeconds);
    EXPECT_EQ(s->maxAttempts, want.maxAttempts);
    EXPECT_TRUE(s->configured());
}

TEST(MailSettingsStore, ThePasswordIsInItsOwnFileReadableByItsOwnerOnly) {
    SettingsFiles f;
    const std::string password = "c0rrect horse \"battery\" staple";
    ASSERT_TRUE(f.store.save(sample()).ok());
    ASSERT_TRUE(f.store.savePassword(password).ok());
    EXPECT_TRUE(f.store.hasPassword());
    EXPECT_EQ(f.store.password().value(), password);

    struct stat st {};
    ASSERT_EQ(::stat((f.dir / "smtp-password").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << std::oct << (st.st_mode & 0777);
    EXPECT_EQ(fileText(f.dir / "smtp-password"), password);

    const std::string json = fileText(f.dir / "mail.json");
    EXPECT_NE(json.find("tickets@jazz.example.org"), std::string::npos) << json;
    EXPECT_EQ(json.find("c0rrect"), std::string::npos) << "the password is never in mail.json";
    EXPECT_EQ(json.find("battery"), std::string::npos);

    // Saving the settings again does not bring it there either.
    ASSERT_TRUE(f.store.save(sample()).ok());
    EXPECT_EQ(fileText(f.dir / "mail.json").find("battery"), std::string::npos);
}

TEST(MailSettingsStore, AnExistingPasswordFileWithLooseModeIsTightenedWhenRewritten) {
    SettingsFiles f;
    {
        std::ofstream old(f.dir / "smtp-password.tmp");
        old << "leftover";
    }
    ::chmod((f.dir / "smtp-password.tmp").c_str(), 0644);
    ASSERT_TRUE(f.store.savePassword("new").ok());
    struct stat st {};
    ASSERT_EQ(::stat((f.dir / "smtp-password").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << std::oct << (st.st_mode & 0777);
    EXPECT_EQ(f.store.password().value(), "new");
}

TEST(MailSettingsStore, AnEmptyPasswordRemovesTheFile) {
    SettingsFiles f;
    ASSERT_TRUE(f.store.savePassword("secret").ok());
    ASSERT_TRUE(std::filesystem::exists(f.dir / "smtp-password"));
    ASSERT_TRUE(f.store.savePassword("").ok());
    EXPECT_FALSE(std::filesystem::exists(f.dir / "smtp-password"));
    EXPECT_FALSE(f.store.hasPassword());
    EXPECT_EQ(f.store.password().value(), "");
    EXPECT_TRUE(f.store.savePassword("").ok()) << "removing what is not there is fine";
}

TEST(MailSettingsStore, ADamagedSettingsFileIsReportedNotIgnored) {
    for (const std::string text : {"{ \"smtpUrl\": \"smtp://a", "[1, 2, 3]", "{\"ratePerMinute\": \"fast\"}", "\x01\x02"}) {
        SettingsFiles f;
        {
            std::ofstream out(f.dir / "mail.json", std::ios::binary);
            out << text;
        }
        auto s = f.store.load();
        ASSERT_FALSE(s.ok()) << text;
        EXPECT_EQ(s.error().code, "bad_mail_settings") << text;
        EXPECT_NE(s.error().message.find("mail.json"), std::string::npos) << "says which file";
    }
}

TEST(MailSettingsStore, OutOfRangeValuesAreBroughtIntoRange) {
    SettingsFiles f;
    {
        std::ofstream out(f.dir / "mail.json");
        out << R"({"smtpUrl": "smtp://x.example.org", "fromAddress": "a@example.org", "ratePerMinute": -5,
                   "timeoutSeconds": 0, "maxAttempts": 0, "retryBaseSeconds": -1})";
    }
    auto s = f.store.load();
    ASSERT_TRUE(s.ok()) << s.error().message;
    EXPECT_EQ(s->ratePerMinute, 0);
    EXPECT_GE(s->timeoutSeconds, 1);
    EXPECT_GE(s->maxAttempts, 1) << "zero attempts would fail every message unsent";
    EXPECT_GE(s->retryBaseSeconds, 0);
}

}  // namespace
}  // namespace qrgate
