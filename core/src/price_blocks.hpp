#pragma once
// Tiers sold in blocks (a tier's `block_size`): requests billed per 10,000 up to 1 billion,
// then per 1,000,000 above. Blocks are counted from the tier's lower bound (graduated) or from
// zero (volume) and a partial block is rounded up, so the slices of one tier together sell
// ceil(quantity in the tier / block size) blocks however the quantity is split among lines and
// regions on the ladder: splitting a line never changes the price.
#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote::detail {

// Blocks sold by the slice (from, to] of a tier whose blocks start at `origin`:
// ceil((to − origin) / size) − ceil((from − origin) / size).
Decimal blocks_in_slice(const Decimal& origin, const Decimal& from, const Decimal& to, const Decimal& size);

// Turns a slice priced per unit into one priced per block (the slice's unit_price is the price
// of one block): sets block_size and blocks, amount = blocks × unit_price + flat, and the note.
void sell_in_blocks(TierSlice& slice, const Decimal& origin, const Decimal& from, const Decimal& to,
                    const Decimal& size);

// A volume tier's charge for `quantity` (all of it at the tier's price, in its blocks if any).
Decimal volume_amount(const Tier& tier, const Decimal& quantity);
// The charge of the tier after an edge for a quantity just past `edge`: the edge itself when
// priced per unit (the limit from above); one block more than the edge holds when in blocks.
Decimal volume_amount_just_past(const Tier& tier, const Decimal& edge);

}  // namespace edgequote::detail
