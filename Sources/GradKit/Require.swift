/// Stops the program with `message` when `condition` is false, in every build.
///
///     require(a.columns == b.rows, "… got 3×2 * 3×4")
///
/// Used instead of `precondition`, which drops its message in optimised (release) builds:
/// a shape error must name both shapes however the code was compiled.
@usableFromInline
func require(
  _ condition: @autoclosure () -> Bool,
  _ message: @autoclosure () -> String,
  file: StaticString = #fileID,
  line: UInt = #line
) {
  if !condition() {
    fatalError(message(), file: file, line: line)
  }
}
