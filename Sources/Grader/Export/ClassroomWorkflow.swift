/// The GitHub Actions workflow a class edition carries (`.github/workflows/gradkit.yml`):
/// every push grades the learner's exercises once, writes every report from that one run,
/// and fails when a test does not pass.
enum ClassroomWorkflow {
  /// Where the workflow goes in a repository.
  static let path = ".github/workflows/gradkit.yml"

  /// The workflow. The official Swift image builds the kit; the build folder is cached
  /// between runs, keyed by the kit's own sources. The staged kit (`.gradkit/kit`) is not:
  /// its fingerprint is made of its sources' modification times, which are new in every
  /// fresh checkout, so a restored copy would never be used.
  static let text = """
    # Grades the exercises on every push: the report is in the log, JUnit and JSON files are
    # kept as artifacts, and the run fails while a test does not pass.
    # Written by 'gradkit export --class'.
    name: GradKit
    on:
      push:
      workflow_dispatch:
    permissions:
      contents: read
    jobs:
      grade:
        runs-on: ubuntu-latest
        container: swift:6.3
        timeout-minutes: 30
        steps:
          - uses: actions/checkout@v6
          - name: Restore the kit's build
            uses: actions/cache@v5
            with:
              path: .build
              key: gradkit-${{ runner.os }}-${{ hashFiles('Package.swift', 'Sources/**', 'Tests/**', 'solutions/**') }}
              restore-keys: gradkit-${{ runner.os }}-
          - name: Grade
            run: >-
              swift run gradkit grade --seed "${{ github.run_number }}"
              --format text --format junit=reports/junit.xml --format json=reports/grade.json
          - name: Keep the reports
            if: always()
            uses: actions/upload-artifact@v6
            with:
              name: gradkit-reports
              path: reports/
    """
}
