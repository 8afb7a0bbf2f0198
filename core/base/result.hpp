#pragma once
// Expected failures travel as values: a Result holds either the value or an Error with a stable
// machine code and a message a person can act on.
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace qrgate {

struct Error {
    std::string code;     // stable, e.g. "not_found", "invalid_csv", "newer_database"
    std::string message;  // one line for a person
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & {
        if (!ok()) throw std::logic_error("Result::value on error: " + error().message);
        return std::get<0>(m_v);
    }
    T&& value() && {
        if (!ok()) throw std::logic_error("Result::value on error: " + error().message);
        return std::get<0>(std::move(m_v));
    }
    const T& value() const& {
        if (!ok()) throw std::logic_error("Result::value on error: " + error().message);
        return std::get<0>(m_v);
    }
    const Error& error() const { return std::get<1>(m_v); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, Error> m_v;
};

struct Done {};
using Status = Result<Done>;
inline Status success() { return Done{}; }

}  // namespace qrgate
