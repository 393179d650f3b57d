#pragma once
// A stable sort that is compiled once. std::stable_sort instantiates a few KB of merge code per
// element type and comparator; on the page's module each one costs ~1 KB gzip. Used where a
// sort is off the hot path's inner loops (object keys while parsing, the pricer's portions).
#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

namespace edgequote::detail {

// Sorts `order` (indices) stably by less(context, a, b).
using IndexLess = bool (*)(const void* context, std::size_t a, std::size_t b);
void stable_sort_indices(std::vector<std::size_t>& order, IndexLess less, const void* context);

// std::stable_sort(items.begin(), items.end(), less), through stable_sort_indices.
template <class T>
void stable_sort_small(std::vector<T>& items, bool (*less)(const T&, const T&)) {
    struct Context {
        const std::vector<T>* items;
        bool (*less)(const T&, const T&);
    } context{&items, less};
    std::vector<std::size_t> order(items.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    stable_sort_indices(
        order,
        [](const void* c, std::size_t a, std::size_t b) {
            const auto* x = static_cast<const Context*>(c);
            return x->less((*x->items)[a], (*x->items)[b]);
        },
        &context);
    std::vector<T> sorted;
    sorted.reserve(items.size());
    for (std::size_t i : order) sorted.push_back(std::move(items[i]));
    items = std::move(sorted);
}

}  // namespace edgequote::detail
