#include "price_blocks.hpp"

namespace edgequote::detail {

Decimal blocks_in_slice(const Decimal& origin, const Decimal& from, const Decimal& to, const Decimal& size) {
    if (to <= from) return Decimal::from_int(0);
    return (to - origin).divide_integer(size, true) - (from - origin).divide_integer(size, true);
}

void sell_in_blocks(TierSlice& slice, const Decimal& origin, const Decimal& from, const Decimal& to,
                    const Decimal& size) {
    slice.block_size = size;
    slice.blocks = blocks_in_slice(origin, from, to, size);
    slice.amount = slice.blocks * slice.unit_price + slice.flat;
    const bool one = slice.blocks == Decimal::from_int(1);
    std::string note = slice.blocks.to_string() + (one ? " block of " : " blocks of ") + size.to_string();
    if (!slice.note.empty()) note = slice.note + ", " + note;
    slice.note = std::move(note);
}

Decimal volume_amount(const Tier& tier, const Decimal& quantity) {
    if (!tier.block_size) return quantity * tier.unit_price + tier.flat;
    return quantity.divide_integer(*tier.block_size, true) * tier.unit_price + tier.flat;
}

Decimal volume_amount_just_past(const Tier& tier, const Decimal& edge) {
    if (!tier.block_size) return edge * tier.unit_price + tier.flat;
    return (edge.divide_integer(*tier.block_size, false) + Decimal::from_int(1)) * tier.unit_price + tier.flat;
}

}  // namespace edgequote::detail
