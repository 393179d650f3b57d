#pragma once
// Every guidance finding the engine emits, defined once: guidance.cpp emits these names, a
// book's approval rules may name only these (metric "finding"), and a test holds the JSON
// Schemas' enums of finding codes to this table.
#include "edgequote/error_codes.hpp"

namespace edgequote::findings {

#define EDGEQUOTE_FINDING_CODES(X)                                                              \
    X(under_segment_band, "The net monthly is under the segment's deal band.")                   \
    X(over_segment_band, "The net monthly is over the segment's deal band.")                     \
    X(far_over_segment_band, "The net monthly is far over the segment's band: check the units.") \
    X(far_under_incumbent, "The net is far under what the incumbent charges.")                   \
    X(over_incumbent, "The net is over what the incumbent charges.")                             \
    X(line_under_floor, "A line's net is under its feature floor.")                              \
    X(line_under_target, "A line's net is under its feature target.")                          \
    X(below_cost, "The net does not cover what the quote costs to serve.")                      \
    X(unit_check, "A traffic line is orders of magnitude off what the segment usually delivers: check the unit.")

#define EDGEQUOTE_DECLARE_FINDING(name, description) constexpr const char* name = #name;
EDGEQUOTE_FINDING_CODES(EDGEQUOTE_DECLARE_FINDING)
#undef EDGEQUOTE_DECLARE_FINDING

using FindingInfo = codes::CodeInfo;  // {code, description}, as error codes

#define EDGEQUOTE_FINDING_INFO(name, description) FindingInfo{#name, description},
constexpr FindingInfo kAll[] = {EDGEQUOTE_FINDING_CODES(EDGEQUOTE_FINDING_INFO)};
#undef EDGEQUOTE_FINDING_INFO

}  // namespace edgequote::findings
