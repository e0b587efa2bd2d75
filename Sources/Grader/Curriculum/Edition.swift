/// Which kit this is: the full kit, or a class edition that withholds the solutions of some
/// modules (`gradkit export --class` sets ``withheld`` and ``recordedSeed`` for an edition).
public enum Edition {
  /// The modules whose solutions this kit does not hold, by folder; none in the full kit.
  public static let withheld: Set<String> = []

  /// The seed the withheld modules' reference was recorded with: their tests ask the
  /// recorded reference exactly what they asked it then, so they are graded with this seed.
  public static let recordedSeed: UInt64 = 0

  /// Whether this kit withholds `module`'s solution.
  public static func withholds(_ module: CourseModule) -> Bool {
    withheld.contains(module.folder)
  }

  /// Whether this is a class edition.
  public static var isClassEdition: Bool {
    !withheld.isEmpty || recordedSeed != 0
  }
}
