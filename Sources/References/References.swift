import GradKit
import LessonWire
import Solutions

/// The reference each graded suite compares with and the lab shows beside the learner's:
/// one place for the graded tests and the lab to reach it.
///
/// In the full kit it is the solutions, compiled in. While `gradkit export --class` records
/// the reference for a class edition (``ReferencePlan`` names the solutions' programs), it
/// is those programs, called over the pipe and recorded test by test. A class edition
/// replaces this file: the modules it withholds answer from those recordings.
public enum Reference {
  /// Whether this run records the reference for a class edition.
  static let isRecording = ReferencePlan.current?.servers != nil

  public static var perceptron: any PerceptronLesson.Type {
    isRecording ? RemotePerceptron<RecordedReference>.self : Solutions.Perceptron.self
  }

  public static var stepVsSigmoid: any StepVsSigmoidLesson.Type {
    isRecording ? RemoteStepVsSigmoid<RecordedReference>.self : Solutions.StepVsSigmoid.self
  }

  public static var softmax: any SoftmaxLesson.Type {
    isRecording ? RemoteSoftmax<RecordedReference>.self : Solutions.Softmax.self
  }

  public static var crossEntropy: any CrossEntropyLesson.Type {
    isRecording ? RemoteCrossEntropy<RecordedReference>.self : Solutions.CrossEntropy.self
  }

  public static var regularization: any RegularizationLesson.Type {
    isRecording ? RemoteRegularization<RecordedReference>.self : Solutions.Regularization.self
  }

  public static var backpropagation: any BackpropagationLesson.Type {
    isRecording ? RemoteBackpropagation<RecordedReference>.self : Solutions.Backpropagation.self
  }

  public static var momentum: any MomentumLesson.Type {
    isRecording ? RemoteMomentum<RecordedReference>.self : Solutions.Momentum.self
  }

  public static var spiral: any SpiralLesson.Type {
    isRecording ? RemoteSpiral<RecordedReference>.self : Solutions.SpiralMLP.self
  }

  public static var training: any TrainingLesson.Type {
    isRecording ? RemoteTraining<RecordedReference>.self : Solutions.Training.self
  }

  /// Whether module `folder`'s reference (`03-Softmax`) is in this kit, compiled in; in a
  /// class edition, only the modules released so far.
  public static func isReleased(_ folder: String) -> Bool {
    true
  }
}
