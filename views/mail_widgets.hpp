#pragma once
// Pieces the Email screen's tabs share: the colour of an outbox state, a figure with its
// colour, the one-line outcome under a button, the server in words.
#include <string>

#include <imgui.h>

#include "views/mail_state.hpp"

namespace qrgate::views {

// sent green, failed red, unknown amber, queued and sending neutral.
ImU32 outboxStateColour(OutboxState state);
// The state as a rounded label in its colour.
void outboxStateChip(OutboxState state);
// "● 400 sent": a dot in the state's colour, the figure and the word.
void stateFigure(OutboxState state, int count, const char* word);
// Green, red or plain; nothing when empty.
void outcomeLine(const OutcomeLine& line);
// "smtp.example.org:587 (STARTTLS)", or what is wrong with the URL.
std::string serverDescription(const MailSettings& settings);

}  // namespace qrgate::views
