#include "index_sort.hpp"

#include <algorithm>

namespace edgequote::detail {

// Bottom-up merge sort: O(n log n), stable (an element from the right run goes first only when
// strictly less).
void stable_sort_indices(std::vector<std::size_t>& order, IndexLess less, const void* context) {
    const std::size_t n = order.size();
    if (n < 2) return;
    std::vector<std::size_t> buffer(n);
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
            std::size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) buffer[k++] = less(context, order[j], order[i]) ? order[j++] : order[i++];
            while (i < mid) buffer[k++] = order[i++];
            while (j < hi) buffer[k++] = order[j++];
        }
        order.swap(buffer);
    }
}

}  // namespace edgequote::detail
