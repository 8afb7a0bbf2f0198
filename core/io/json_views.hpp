#pragma once
// The JSON shapes of the fixed contracts (CLI --json and the HTTP API), in one place so that
// both speak exactly the same language.
#include <nlohmann/json.hpp>

#include "core/checkin/checkin_log.hpp"
#include "core/base/model.hpp"
#include "core/tickets/ticket_issuer.hpp"
#include "core/base/verdict.hpp"

namespace qrgate {

// {"ok","status","reason"?,"message","ticket"?,"firstCheckin"?,"offline"?,"checkinId"?,"direction",
//  "scannedAt","timeZone"}
nlohmann::json toJson(const Verdict& v);
// The other way, for a verdict that another node gave (a follower reading its leader's answer).
// Times are read with their offsets; the event's zone comes from "timeZone", else `fallbackZone`.
// A refusal without a reason this version knows keeps the leader's words and reads as not_found.
Verdict verdictFromJson(const nlohmann::json& j, const std::string& fallbackZone = "UTC");
// {"id","number","name","email","type","state","issuedAt","entriesUsed","inside"}; never the secret
nlohmann::json toJson(const Ticket& t, const std::string& timeZone = "UTC");
nlohmann::json toJson(const Event& e);
nlohmann::json toJson(const TicketType& t, const std::string& timeZone = "UTC");
nlohmann::json toJson(const Checkin& c, const std::string& timeZone = "UTC");
// `j[key]` when it is a string, else "" (reading JSON from another node or a client).
std::string stringField(const nlohmann::json& j, const char* key);
// The other way (an undo done by the leader); nullopt when `j` is not a check-in.
std::optional<Checkin> checkinFromJson(const nlohmann::json& j);
nlohmann::json toJson(const CheckinStats& s);
// [{"id","number","name","email","type","qrData"}]: newly issued tickets with their codes
nlohmann::json toJson(const std::vector<IssuedTicket>& issued);

}  // namespace qrgate
