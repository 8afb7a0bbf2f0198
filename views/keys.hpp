#pragma once
// Native key indices for ImGui 1.86's io.KeysDown[], which the GLFW backend fills with GLFW key
// codes. Spelled out here so that views need no GLFW header (letters and digits are ASCII).
namespace qrgate::views::keys {

inline constexpr int kF1 = 290, kF2 = 291, kF3 = 292, kF5 = 294, kF11 = 300, kF12 = 301;
inline constexpr int kEnter = 257, kEscape = 256, kKeypadEnter = 335, kBackspace = 259;
inline constexpr int kDelete = 261;
inline constexpr int kDown = 264, kUp = 265;
inline constexpr int letter(char c) { return c; }  // 'A'..'Z'
inline constexpr int digit(int d) { return '0' + d; }

// Pressed this frame (no repeat) with Ctrl held / without modifiers.
bool ctrlPressed(int key);
bool pressed(int key);

}  // namespace qrgate::views::keys
