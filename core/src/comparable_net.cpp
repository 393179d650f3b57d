// Our net for the part of a quote an incumbent estimate covers (comparable_net.hpp).
#include "comparable_net.hpp"

#include <algorithm>

namespace edgequote::detail {
namespace {

bool named(const std::vector<std::string>& regions, const std::string& region) {
    return std::find(regions.begin(), regions.end(), region) != regions.end();
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out;
}

}  // namespace

ComparableNet comparable_net(const PriceBook& book, const PricedQuote& priced, const std::vector<EstimateLine>& covered) {
    // By quote line (a priced line's index); lines past the quote's cover nothing.
    std::size_t quote_lines = 0;
    for (const PricedLine& line : priced.lines)
        if (line.index) quote_lines = std::max(quote_lines, *line.index + 1);
    std::vector<const EstimateLine*> by_line(quote_lines, nullptr);
    bool any = false;
    for (const EstimateLine& e : covered)
        if (e.line < quote_lines) by_line[e.line] = &e, any = true;
    ComparableNet out;
    auto leave_out = [&](std::string name, const Decimal& net) {
        if (!net.is_zero()) out.not_compared.push_back({std::move(name), net});
    };
    for (const PricedLine& line : priced.lines) {
        if (line.one_time) continue;
        if (line.kind == LineKind::bundle && any) {
            out.net = out.net + line.net;
            continue;
        }
        const EstimateLine* covers = line.kind == LineKind::product && line.index ? by_line[*line.index] : nullptr;
        if (!covers) {
            leave_out(line.name, line.net);
            continue;
        }
        ++out.lines;
        const std::vector<std::string>& regions = covers->regions;
        if (regions.empty()) {
            out.net = out.net + line.net;
            continue;
        }
        // Only some regions: their tiers' share of the line's list, at the line's net.
        Decimal compared_list, all_list;
        std::vector<std::string> others;
        for (const TierSlice& t : line.tiers) {
            all_list = all_list + t.amount;
            if (named(regions, t.region)) compared_list = compared_list + t.amount;
            else if (std::find(others.begin(), others.end(), t.region) == others.end()) others.push_back(t.region);
        }
        const Decimal part = all_list.is_zero() ? Decimal() : (line.net * compared_list).divide(all_list, book.minor_digits, book.rounding);
        out.net = out.net + part;
        leave_out(line.name + " (" + joined(others) + ")", line.net - part);
    }
    return out;
}

}  // namespace edgequote::detail
