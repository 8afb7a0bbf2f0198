// The QR payload: what it holds, what it refuses, how small it is.
#include <gtest/gtest.h>
#include <qrencode.h>

#include "core/base/crypto.hpp"
#include "core/tickets/ticket_codec.hpp"

using namespace qrgate;

namespace {
struct Issued {
    EventKeys keys = EventKeys::generate();
    std::string eventId = randomId(8);
    std::string ticketId = randomId(12);
    TicketPayload payload = TicketCodec::issue(keys, eventId, ticketId, 0);
    std::string text = TicketCodec::encode(payload);
};

bool isAlphanumericMode(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || std::string_view(" $%*+-./:").find(c) != std::string_view::npos;
}
}  // namespace

TEST(TicketCodec, RoundTripKeepsEveryField) {
    Issued t;
    auto decoded = TicketCodec::decode(t.text);
    ASSERT_TRUE(std::holds_alternative<TicketPayload>(decoded));
    const auto& p = std::get<TicketPayload>(decoded);
    EXPECT_EQ(p.eventId, t.eventId);
    EXPECT_EQ(p.ticketId, t.ticketId);
    EXPECT_EQ(p.secret, t.payload.secret);
    EXPECT_EQ(p.signature, t.payload.signature);
    EXPECT_TRUE(TicketCodec::verify(p, t.keys.publicKey));
}

TEST(TicketCodec, UsesOnlyQrAlphanumericCharactersAndFitsVersion10AtLevelM) {
    Issued t;
    EXPECT_EQ(t.text.size(), TicketCodec::kLength);
    for (char c : t.text) EXPECT_TRUE(isAlphanumericMode(c)) << "character " << c;
    QRcode* code = QRcode_encodeString(t.text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    ASSERT_NE(code, nullptr);
    EXPECT_LE(code->version, 10);
    EXPECT_LE(code->version, 6) << "the payload grew; a denser code is harder to scan";
    QRcode_free(code);
}

TEST(TicketCodec, SecretIsAtLeast128BitsAndDiffersPerTicket) {
    Issued a, b;
    EXPECT_GE(a.payload.secret.size() * 8, 128u);
    EXPECT_NE(a.payload.secret, b.payload.secret);
    // Same key, same ticket: the same secret again (re-printing); a new generation: another one.
    EXPECT_EQ(TicketCodec::issue(a.keys, a.eventId, a.ticketId, 0).secret, a.payload.secret);
    EXPECT_NE(TicketCodec::issue(a.keys, a.eventId, a.ticketId, 1).secret, a.payload.secret);
}

TEST(TicketCodec, CarriesNoPersonalData) {
    Issued t;
    // Holder data never enters the codec's API; the text is prefix, ids and key material only.
    EXPECT_EQ(t.text.substr(0, 3), "QG1");
    EXPECT_EQ(t.text.substr(3, 8), t.eventId);
    EXPECT_EQ(t.text.substr(11, 12), t.ticketId);
}

TEST(TicketCodec, SignatureFromAnotherEventsKeyDoesNotVerify) {
    Issued t;
    auto other = EventKeys::generate();
    EXPECT_FALSE(TicketCodec::verify(t.payload, other.publicKey));
}

TEST(TicketCodec, EverySingleCharacterChangeIsCaughtByTheCheckCharacters) {
    Issued t;
    const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZILOU $%*+-./:";
    for (std::size_t i = 0; i < t.text.size(); ++i) {
        for (char c : alphabet) {
            if (c == t.text[i]) continue;
            std::string altered = t.text;
            altered[i] = c;
            auto decoded = TicketCodec::decode(altered);
            ASSERT_TRUE(std::holds_alternative<PayloadError>(decoded)) << "position " << i << " char " << c;
            EXPECT_NE(std::get<PayloadError>(decoded), PayloadError::Empty);
        }
    }
}

TEST(TicketCodec, ToleratesWhitespaceAndLowerCaseFromKeyboardScanners) {
    Issued t;
    std::string lower = t.text;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& variant : {"  " + t.text + "\r\n", lower, t.text + "\n"}) {
        auto decoded = TicketCodec::decode(variant);
        ASSERT_TRUE(std::holds_alternative<TicketPayload>(decoded)) << variant;
        EXPECT_TRUE(TicketCodec::verify(std::get<TicketPayload>(decoded), t.keys.publicKey));
    }
}

TEST(TicketCodec, RefusesInputThatIsNotATicket) {
    Issued t;
    auto errorOf = [](std::string_view s) {
        auto d = TicketCodec::decode(s);
        return std::holds_alternative<PayloadError>(d) ? std::get<PayloadError>(d) : PayloadError{-1};
    };
    EXPECT_EQ(errorOf(""), PayloadError::Empty);
    EXPECT_EQ(errorOf("   \n"), PayloadError::Empty);
    EXPECT_EQ(errorOf("https://example.org/menu"), PayloadError::NotQrgate);
    EXPECT_EQ(errorOf("WIFI:S:cafe;T:WPA;P:secret;;"), PayloadError::NotQrgate);
    EXPECT_EQ(errorOf(t.text.substr(0, 100)), PayloadError::Damaged);
    EXPECT_EQ(errorOf(t.text + "00"), PayloadError::Damaged);
    EXPECT_EQ(errorOf(std::string(10 * 1024, 'A')), PayloadError::TooLong);
    EXPECT_EQ(errorOf("QG9" + t.text.substr(3)), PayloadError::UnsupportedVersion);
    std::string binary(153, '\0');
    for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 37);
    EXPECT_NE(errorOf(binary), PayloadError{-1});
    std::string nonAscii = t.text;
    nonAscii.replace(40, 2, "é");
    EXPECT_EQ(errorOf(nonAscii), PayloadError::Damaged);
    std::string withNul = t.text;
    withNul[60] = '\0';
    EXPECT_EQ(errorOf(withNul), PayloadError::Damaged);
}

TEST(Base32, RoundTripsAndRejectsForeignCharacters) {
    std::uint8_t data[80];
    randomBytes(data, sizeof data);
    auto text = base32Encode(data, sizeof data);
    EXPECT_EQ(text.size(), 128u);
    auto back = base32Decode(text);
    ASSERT_TRUE(back);
    EXPECT_TRUE(std::equal(back->begin(), back->end(), data));
    EXPECT_FALSE(base32Decode(text.substr(0, 127) + "U"));
    EXPECT_FALSE(base32Decode(text.substr(0, 127) + "a"));
}
