import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hashes of the files that decide a grade, to tell when building or grading again is needed.
enum Fingerprint {
  /// The FNV-1a hash of every file's path and bytes under `folders` (a file stands for itself), in a stable order.
  static func of(_ folders: [URL]) -> String {
    var hash = FNV()
    for file in files(in: folders) {
      hash.mix(file.path)
      hash.mix((try? Data(contentsOf: file)) ?? Data())
    }
    return hash.text
  }

  /// A hash of every file's path, size and modification time under `folders`: cheap enough
  /// to take on every run, and changed by any save.
  ///
  /// The board takes it of the kit's 300 source files every time it is shown, so it asks
  /// `stat(2)` directly: Foundation's resource values cost about 40 µs a file.
  static func ofMetadata(_ folders: [URL]) -> String {
    var hash = FNV()
    for file in files(in: folders) {
      hash.mix(file.path)
      var status = stat()
      guard stat(file.path, &status) == 0 else {
        hash.mix(Int64(-1))
        continue
      }
      #if canImport(Darwin)
        let modified = status.st_mtimespec
      #else
        let modified = status.st_mtim
      #endif
      hash.mix(Int64(status.st_size))
      hash.mix(Int64(modified.tv_sec))
      hash.mix(Int64(modified.tv_nsec))
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
///
/// Its input is raw bytes, not a generic sequence: the grader is a debug build, where a
/// generic loop is not specialised and costs a witness call a byte (the board hashes about
/// 200 KB of exercises each time it is shown).
struct FNV {
  private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

  mutating func mix(_ bytes: UnsafeRawBufferPointer) {
    var hash = self.hash
    for byte in bytes {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    self.hash = hash
  }

  mutating func mix(_ data: Data) {
    data.withUnsafeBytes { mix($0) }
  }

  /// Mixes the text's UTF-8 bytes.
  mutating func mix(_ text: String) {
    var text = text
    text.withUTF8 { mix(UnsafeRawBufferPointer($0)) }
  }

  /// Mixes the number's eight bytes, least significant first.
  mutating func mix(_ number: Int64) {
    withUnsafeBytes(of: number.littleEndian) { mix($0) }
  }

  var text: String { String(hash, radix: 16) }
}
