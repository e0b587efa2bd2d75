import Foundation

/// A hash of the sources that decide a grade, to tell when grading again is needed.
enum Fingerprint {
  /// The FNV-1a hash of every file's path and bytes under `folders` (a file stands for itself), in a stable order.
  static func of(_ folders: [URL]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ bytes: some Sequence<UInt8>) {
      for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
      }
    }
    for folder in folders {
      let files =
        FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
        .compactMap { $0 as? URL }
        .filter { !$0.hasDirectoryPath }
        .sorted { $0.path < $1.path } ?? [folder]
      for file in files {
        mix(file.path.utf8)
        mix((try? Data(contentsOf: file)) ?? Data())
      }
    }
    return String(hash, radix: 16)
  }
}
