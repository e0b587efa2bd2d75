import Foundation

/// Seconds as a learner reads them: `10` or `2.5`.
package func seconds(_ value: Double) -> String {
  value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
}
