#pragma once
// Objects the engine keeps for JS by handle (loaded price books, live quotes). Handles count up
// from 1 and are never reused, so a handle is its slot's index + 1 and a released handle stays
// an empty slot (one pointer) for the module's life.
//
// A vector of slots rather than std::map<int, T>: the map's red-black tree (insert, rebalance
// and above all erase) was ~1.5 KB of the engine module on the page's first load, for tables
// that hold a handful of entries.
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace edgequote::wasm {

template <class T>
class HandleTable {
public:
    int add(T value) {
        slots_.push_back(std::make_unique<T>(std::move(value)));
        return static_cast<int>(slots_.size());
    }

    // The object, or nullptr for a handle released or never given.
    T* find(int handle) const {
        if (handle < 1 || static_cast<std::size_t>(handle) > slots_.size()) return nullptr;
        return slots_[static_cast<std::size_t>(handle) - 1].get();
    }

    // False when there was nothing to release.
    bool release(int handle) {
        if (!find(handle)) return false;
        slots_[static_cast<std::size_t>(handle) - 1].reset();
        return true;
    }

private:
    std::vector<std::unique_ptr<T>> slots_;
};

}  // namespace edgequote::wasm
