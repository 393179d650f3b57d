#include "parse_approvers.hpp"

#include <algorithm>
#include <set>

#include "edgequote/base64url.hpp"
#include "edgequote/error_codes.hpp"
#include "p256_curve.hpp"

namespace edgequote::detail {
namespace {

// A JWK's coordinate: base64url of exactly 32 bytes; the bytes, or nothing after reporting.
std::optional<std::string> coordinate(Reader& r, const Json& key, const char* name, const std::string& path) {
    auto text = r.string(key, name, path, true);
    if (!text) return std::nullopt;
    auto bytes = base64url_decode(*text);
    if (!bytes || bytes->size() != 32) {
        r.error(codes::invalid_public_key, pointer_append(path, name),
                std::string("\"") + name + "\" must be 32 bytes in base64url (43 characters, no padding), as WebCrypto exports a P-256 key.");
        return std::nullopt;
    }
    return bytes;
}

// The public key: {"kty":"EC","crv":"P-256","x","y"} (WebCrypto's export also adds "ext" and
// "key_ops", accepted as they come). Returns whether it is valid.
bool public_key(Reader& r, const Json& key, const std::string& path, Approver& approver) {
    if (!r.expect_object(key, path)) return false;
    if (key.contains("d")) {
        // Never echo the private part back in the message.
        r.error(codes::invalid_public_key, pointer_append(path, "d"),
                "This is a private key (it has \"d\"): it is no longer secret once in the book. Remove it, have the "
                "approver make a new key pair and list only its public key.");
        return false;
    }
    r.check_keys(key, path, {"kty", "crv", "x", "y", "ext", "key_ops", "alg"});
    bool ok = true;
    auto kty = r.string(key, "kty", path, true);
    if (kty && *kty != "EC") {
        r.error(codes::invalid_public_key, pointer_append(path, "kty"), "An approver's key is an elliptic-curve key (kty EC).");
        ok = false;
    }
    auto crv = r.string(key, "crv", path, true);
    if (crv && *crv != "P-256") {
        r.error(codes::invalid_public_key, pointer_append(path, "crv"), "Approvals are signed with ECDSA on P-256 (crv P-256).");
        ok = false;
    }
    auto x = coordinate(r, key, "x", path);
    auto y = coordinate(r, key, "y", path);
    if (!kty || !crv || !x || !y || !ok) return false;
    if (!is_p256_point(*x, *y)) {
        r.error(codes::invalid_public_key, path,
                "x and y are not a point of the P-256 curve: the key was mistyped or truncated. Copy it again from the approver page.");
        return false;
    }
    approver.key_x = key["x"].get<std::string>();
    approver.key_y = key["y"].get<std::string>();
    return true;
}

}  // namespace

void parse_approvers(Reader& r, const Json& list, const std::string& path, Internal& internal) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string item_path = pointer_append(path, i);
        const Json& node = list[i];
        if (!r.expect_object(node, item_path)) continue;
        r.check_keys(node, item_path, {"id", "name", "level", "public_key"});
        Approver approver;
        if (auto id = r.string(node, "id", item_path, true)) {
            if (id->empty()) r.error(codes::empty_string, pointer_append(item_path, "id"), "An approver's id must not be empty.");
            else if (!ids.insert(*id).second)
                r.error(codes::duplicate_id, pointer_append(item_path, "id"), "Approver \"" + *id + "\" is listed twice.");
            approver.id = *id;
        }
        approver.name = r.string(node, "name", item_path, false).value_or(approver.id);
        if (auto level = r.string(node, "level", item_path, true)) {
            auto it = std::find(internal.levels.begin(), internal.levels.end(), *level);
            if (it == internal.levels.end())
                r.error(codes::unknown_level, pointer_append(item_path, "level"),
                        "Level \"" + *level + "\" is not one of the policy's levels.");
            else approver.level = std::size_t(it - internal.levels.begin());
        }
        const std::string key_path = pointer_append(item_path, "public_key");
        const Json* key = r.object(node, "public_key", item_path, true);
        if (key && public_key(r, *key, key_path, approver)) {
            // One key, one person: a shared key would make their approvals indistinguishable.
            for (const Approver& other : internal.approvers)
                if (other.key_x == approver.key_x && other.key_y == approver.key_y)
                    r.error(codes::duplicate_id, key_path,
                            "This key is already listed for approver \"" + other.id + "\": each approver signs with their own key.");
        }
        internal.approvers.push_back(std::move(approver));
    }
}

}  // namespace edgequote::detail
