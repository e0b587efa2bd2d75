/// The course: every module in teaching order.
public enum Course {
  /// The modules, in the order a learner takes them.
  public static let modules: [CourseModule] = [
    .perceptron,
    .stepVsSigmoid,
    .softmax,
    .crossEntropy,
    .regularization,
    .backpropagation,
    .momentum,
    .spiral,
    .training,
  ]

  /// The module a learner names by number (`2`, `02`) or by name (`softmax`); the folder
  /// (`03-Softmax`) and the graded suite's stem (`stepvssigmoid`, as replay lines print it)
  /// work too.
  public static func module(named text: String) -> CourseModule? {
    let key = text.lowercased()
    if let number = Int(key) {
      return modules.first { $0.number == number }
    }
    return modules.first { module in
      module.name == key || module.folder.lowercased() == key
        || module.suite.lowercased() == key + "tests"
    }
  }
}
