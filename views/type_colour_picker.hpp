#pragma once
// A ticket type's colour: a row of named swatches (core/events/type_colours), the chosen one's
// name beside them, and "Custom..." for any other colour (ImGui's colour editor in a popup).
namespace qrgate::views {

// Draws the swatches; true when the colour changed. `rgb` in 0..1.
bool typeColourPicker(const char* id, float rgb[3]);

}  // namespace qrgate::views
