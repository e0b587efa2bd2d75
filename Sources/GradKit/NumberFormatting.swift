import Foundation

/// `x` with at most `digits` significant digits, the way people write numbers in messages:
/// `0.7310585786`, `0.231`, `9.99e-4`, `1e-2`, `-inf`, `nan`.
///
///     printf "%.{digits}g", or "%.{digits − 1}e" up to 0.01; then trailing zeros go,
///     and "e-09" becomes "e-9"
package func formatted(_ x: Double, significantDigits digits: Int) -> String {
  let isTiny = x != 0 && abs(x) <= 1e-2
  let text = String(format: isTiny ? "%.\(digits - 1)e" : "%.\(digits)g", x)
  guard let e = text.firstIndex(of: "e") else { return text }
  var mantissa = text[..<e]
  while mantissa.contains("."), let last = mantissa.last, last == "0" || last == "." {
    mantissa.removeLast()
  }
  let exponent = text[text.index(after: e)...]
  let sign = exponent.first == "-" ? "-" : ""
  let magnitude = exponent.drop { $0 == "+" || $0 == "-" || $0 == "0" }
  return "\(mantissa)e\(sign)\(magnitude)"
}
