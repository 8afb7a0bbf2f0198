// KeyboardWedge: what a USB barcode scanner types (fast, then Enter) becomes a scan; what a
// person types does not; the same code twice in a row is one scan.
#include "core/scan/keyboard_wedge.hpp"

#include <gtest/gtest.h>

#include "core/scan/testing/test_frames.hpp"

namespace qrgate {
namespace {

using namespace std::chrono_literals;

class Keyboard {
public:
    explicit Keyboard(WedgeOptions options = {}) : wedge(options) {}
    // types `text` with `gap` between keys, then Enter after another `gap`
    std::optional<ScanEvent> type(const std::u32string& text, std::chrono::milliseconds gap, bool enter = true) {
        for (char32_t c : text) {
            now += gap;
            wedge.onCharacter(c, now);
        }
        if (!enter) return std::nullopt;
        now += gap;
        return wedge.onEnter(now);
    }
    std::optional<ScanEvent> type(const std::string& text, std::chrono::milliseconds gap, bool enter = true) {
        return type(std::u32string(text.begin(), text.end()), gap, enter);
    }
    void wait(std::chrono::milliseconds d) { now += d; }

    KeyboardWedge wedge;
    ScanTime now{};
};

TEST(KeyboardWedge, AScannersBurstIsAScanWithItsTimings) {
    const std::string ticket = testframes::makeTicketText(1);
    Keyboard kb;
    const ScanTime start = kb.now;
    auto scan = kb.type(ticket, 4ms);
    ASSERT_TRUE(scan);
    EXPECT_EQ(scan->text, ticket);
    EXPECT_TRUE(scan->isTicket);
    EXPECT_EQ(scan->input, ScanInput::KeyboardWedge);
    EXPECT_EQ(scan->sourceName, "keyboard");
    EXPECT_EQ(scan->timings.captured, start + 4ms);
    EXPECT_EQ(scan->timings.decoded, start + 4ms * (ticket.size() + 1));
    EXPECT_FALSE(scan->timings.verdict);
}

TEST(KeyboardWedge, APersonTypingIsNotAScan) {
    Keyboard kb;
    EXPECT_FALSE(kb.type("search for Smith", 120ms));
    EXPECT_FALSE(kb.type("QG1ABCDEF", 90ms));
}

TEST(KeyboardWedge, WhatAPersonTypedBeforeTheScanIsNotPartOfIt) {
    Keyboard kb;
    kb.type("abc", 150ms, false);
    kb.wait(300ms);
    auto scan = kb.type("TICKET-42", 3ms);
    ASSERT_TRUE(scan);
    EXPECT_EQ(scan->text, "TICKET-42");
    EXPECT_FALSE(scan->isTicket);
}

TEST(KeyboardWedge, APauseInsideTheBurstOrBeforeEnterSpoilsIt) {
    Keyboard kb;
    kb.type("TICK", 3ms, false);
    kb.wait(200ms);
    EXPECT_FALSE(kb.type("ET", 3ms)) << "two characters after a pause are too short for a code";
    kb.type("TICKET", 3ms, false);
    kb.wait(500ms);
    EXPECT_FALSE(kb.wedge.onEnter(kb.now)) << "Enter pressed by a person long after the burst";
}

TEST(KeyboardWedge, StrayKeysAreNotAScan) {
    Keyboard kb;
    EXPECT_FALSE(kb.type("ab", 2ms));
    EXPECT_FALSE(kb.wedge.onEnter(kb.now += 5ms)) << "Enter alone";
}

TEST(KeyboardWedge, TheSameCodeTwiceInARowIsOneScan) {
    const std::string ticket = testframes::makeTicketText(2);
    Keyboard kb;
    EXPECT_TRUE(kb.type(ticket, 2ms));
    kb.wait(400ms);
    EXPECT_FALSE(kb.type(ticket, 2ms)) << "the scanner read it again while it was still held there";
    kb.wait(2s);
    EXPECT_TRUE(kb.type(ticket, 2ms)) << "shown again after a while: a new scan";
    kb.wait(100ms);
    EXPECT_TRUE(kb.type(testframes::makeTicketText(3), 2ms)) << "another ticket right after";
}

TEST(KeyboardWedge, CapsLockStillGivesOurTicket) {
    std::string ticket = testframes::makeTicketText(4);
    for (char& c : ticket) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Keyboard kb;
    auto scan = kb.type(ticket, 2ms);
    ASSERT_TRUE(scan);
    EXPECT_TRUE(scan->isTicket);
}

TEST(KeyboardWedge, NonAsciiCharactersArriveAsUtf8) {
    Keyboard kb;
    auto scan = kb.type(U"Grüße 你好", 2ms);
    ASSERT_TRUE(scan);
    EXPECT_EQ(scan->text, "Grüße 你好");
}

TEST(KeyboardWedge, TellsTheGuiWhileABurstIsComingIn) {
    Keyboard kb;
    kb.type("QG1AB", 3ms, false);
    EXPECT_TRUE(kb.wedge.capturing(kb.now + 1ms));
    EXPECT_FALSE(kb.wedge.capturing(kb.now + 100ms));
    EXPECT_EQ(kb.wedge.pending(), "QG1AB");
}

TEST(KeyboardWedge, AnEndlessBurstIsNotAScan) {
    WedgeOptions options;
    options.maxLength = 100;
    Keyboard kb(options);
    EXPECT_FALSE(kb.type(std::string(500, 'x'), 1ms));
    EXPECT_TRUE(kb.type("after", 1ms));
}

}  // namespace
}  // namespace qrgate
