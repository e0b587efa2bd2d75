/// `text` as one word of a POSIX shell command: as it is when every character is safe, else
/// in single quotes, each `'` inside written `'\''`.
///
///     shellWord("01")            → 01
///     shellWord("Nesterov's")    → 'Nesterov'\''s'
package func shellWord(_ text: String) -> String {
  let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@")
  guard text.isEmpty || !text.allSatisfy(safe.contains) else { return text }
  return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}

/// The variable that tells the graded tests which options grade the same code again, for
/// the replay line of a failure: empty for the exercises, ` --solutions`, or
/// ` --exercises PATH` for a submission.
package let replayOptionsVariable = "GRADKIT_REPLAY_OPTIONS"
