import Foundation
import GradKit
import LessonWire

// A learner program with every fault the grader must survive, one function each.
LessonServer.run { server in
  server.add("echo") { (value: [Double]) in value }
  server.add("sum") { (left: Double, right: Double) in left + right }
  server.add("keep") { (value: Double) -> Int in server.store(value) }
  server.add("kept") { (handle: Int) -> Double in
    (try? server.object(handle, as: Double.self)) ?? .nan
  }
  server.add("twice through the grader") { (value: Double, callback: Callback<Double, Double>) in
    callback.function(callback.function(value))
  }
  server.add("crash") { (index: Int) -> Double in [1.0, 2.0][index] }
  server.add("hang") { (seconds: Double) -> Double in spin(while: seconds > 0) }
  server.add("exit") { (status: Int) -> Double in exit(Int32(status)) }
  server.add("stub") { (value: Double) -> Double in unimplemented() }
  server.add("recurse") { (depth: Int) -> Int in recurse(depth) }
  server.add("orphan") { (path: String) -> Double in
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/bin/sleep")
    child.arguments = ["60"]
    try? child.run()
    try? String(child.processIdentifier).write(toFile: path, atomically: true, encoding: .utf8)
    exit(0)
  }
  server.add("abortHere") { (code: Int) -> Double in abortHere() }
  server.add("killSelf") { (signal: Int) -> Double in killSelf(with: signal) }
  server.add("print then crash") { (line: String) -> Double in
    print(line)
    fatalError("crashed after printing")
  }
}

func spin(while condition: Bool) -> Double {
  var total = 0.0
  while condition { total += 1 }
  return total
}

func abortHere() -> Never {
  abort()
}

func killSelf(with signal: Int) -> Double {
  kill(getpid(), Int32(signal))
  return 0
}

func recurse(_ depth: Int) -> Int {
  depth == -1 ? 0 : recurse(depth + 1) + 1
}
