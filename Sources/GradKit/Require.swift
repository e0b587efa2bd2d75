/// Stops the program with `message` when `condition` is false, in every build.
///
///     require(a.columns == b.rows, "… got 3×2 * 3×4")
///
/// Used instead of `precondition`, which drops its message in optimised (release) builds:
/// a shape error must name both shapes however the code was compiled. Inlinable, so the
/// check costs a comparison in the caller's loop (an element subscript, say); the message
/// is only built on the way to the crash.
@inlinable
package func require(
  _ condition: @autoclosure () -> Bool,
  _ message: @autoclosure () -> String,
  file: StaticString = #fileID,
  line: UInt = #line
) {
  if !condition() {
    requirementFailed(message, file: file, line: line)
  }
}

/// The crash of a failed `require`, kept out of line so that callers stay small.
@usableFromInline
package func requirementFailed(_ message: () -> String, file: StaticString, line: UInt) -> Never {
  fatalError(message(), file: file, line: line)
}
