import Foundation
import Grader

let code = Gradkit.main(Array(CommandLine.arguments.dropFirst()), context: .current())
exit(code.rawValue)
