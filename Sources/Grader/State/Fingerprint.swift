import Foundation

/// Hashes of the files that decide a grade, to tell when building or grading again is needed.
enum Fingerprint {
  /// The FNV-1a hash of every file's path and bytes under `folders` (a file stands for itself), in a stable order.
  static func of(_ folders: [URL]) -> String {
    var hash = FNV()
    for file in files(in: folders) {
      hash.mix(file.path.utf8)
      hash.mix((try? Data(contentsOf: file)) ?? Data())
    }
    return hash.text
  }

  /// A hash of every file's path, size and modification time under `folders`: cheap enough
  /// to take on every run, and changed by any save.
  static func ofMetadata(_ folders: [URL]) -> String {
    var hash = FNV()
    let keys: Set<URLResourceKey> = [.fileSizeKey, .contentModificationDateKey]
    for file in files(in: folders) {
      hash.mix(file.path.utf8)
      let values = try? file.resourceValues(forKeys: keys)
      hash.mix(String(values?.fileSize ?? -1).utf8)
      hash.mix(String(values?.contentModificationDate?.timeIntervalSince1970 ?? 0).utf8)
    }
    return hash.text
  }

  /// The metadata hash of the sources the kit is built from, ``Workspace/kitSources``.
  static func ofMetadata(sourcesOf workspace: Workspace) -> String {
    ofMetadata(workspace.kitSources)
  }

  /// The hash a module's stored result is valid for: its exercise files in `workspace` and
  /// `kit`, the kit's ``ofMetadata(sourcesOf:)``.
  static func ofModule(_ module: CourseModule, in workspace: Workspace, kit: String) -> String {
    of([workspace.exerciseFolder(of: module)]) + "-" + kit
  }

  /// The regular files under `folders`, sorted by path.
  static func files(in folders: [URL]) -> [URL] {
    folders.flatMap { folder -> [URL] in
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
        return []
      }
      guard isFolder.boolValue else { return [folder] }
      return
        (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
        .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath } ?? [])
    }
    .sorted { $0.path < $1.path }
  }
}

/// 64-bit FNV-1a.
struct FNV {
  private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func mix(_ bytes: some Sequence<UInt8>) {
    for byte in bytes {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
  }

  var text: String { String(hash, radix: 16) }
}
