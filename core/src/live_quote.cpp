// Live editing of a large quote: send and write only what an edit changed (engine.hpp).
#include "edgequote/engine.hpp"

namespace edgequote {

std::string LiveQuote::price(std::string_view quote_json) {
    PricedQuote priced = price_parsed(*book_, parser_.parse(quote_json));
    if (!priced.errors.empty()) return write_priced_quote(priced, detail_);

    // The header, totals, guidance and approval are written whole; of the lines, only the
    // changed ones are copied back into the result to be written.
    std::vector<PricedLine> lines = std::move(priced.lines);
    priced.lines.clear();
    std::string out = "{\"count\":" + std::to_string(lines.size()) + ",\"changed\":[";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i < lines_.size() && lines[i] == lines_[i]) continue;
        if (!priced.lines.empty()) out.push_back(',');
        out += std::to_string(i);
        priced.lines.push_back(lines[i]);
    }
    out += "],\"priced\":";
    out += write_priced_quote(priced, detail_);
    out.push_back('}');
    lines_ = std::move(lines);
    return out;
}

}  // namespace edgequote
