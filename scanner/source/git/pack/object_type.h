// ObjectType: the four kinds of git object, with the numbers a pack entry header gives them
// (gitformat-pack: OBJ_COMMIT 1, OBJ_TREE 2, OBJ_BLOB 3, OBJ_TAG 4).
//
// Thread safety: values. Errors: none.
#pragma once

#include <cstdint>
#include <string_view>

namespace keysweep {

enum class ObjectType : uint8_t { kCommit = 1, kTree = 2, kBlob = 3, kTag = 4 };

// "commit", "tree", "blob", "tag": the names git prints.
constexpr std::string_view object_type_name(ObjectType t) {
  switch (t) {
    case ObjectType::kCommit: return "commit";
    case ObjectType::kTree: return "tree";
    case ObjectType::kBlob: return "blob";
    case ObjectType::kTag: return "tag";
  }
  return "?";
}

}  // namespace keysweep
