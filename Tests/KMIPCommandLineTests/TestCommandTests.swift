import Foundation
import Testing

/// `kmip test` as a user runs it: the built binary, its own in-process server, real files.
@Suite struct TestCommandTests {
    let commands = CommandTests()

    @Test func ownVectorsPassAndTheReportsAreWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let json = folder.appendingPathComponent("report.json").path
        let junit = folder.appendingPathComponent("report.xml").path
        let result = try commands.run(["test", "--self", "--quiet", "Vectors/harness", "--json", json, "--junit", junit])
        #expect(result.status == 0, "\(result.stderr)\(result.text)")
        #expect(result.text.contains("OWN-LIFECYCLE"))
        #expect(result.text.contains("files passed; 0 failed unexpectedly"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        #expect(files.count >= 2)
        #expect(files.allSatisfy { $0["passed"] as? Bool == true && $0["first_mismatch"] is NSNull })
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testsuites name=\"kmip test\""))
        #expect(xml.contains("name=\"OWN-LIFECYCLE-1-21.xml\""))
    }

    @Test func aWrongRecordingFailsWithItsDiff() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOf: CommandTests.root.appendingPathComponent("Vectors/harness/OWN-ERRORS-1-21.xml"), encoding: .utf8)
        // The recording expects Item Not Found for an unknown identifier; claim Permission Denied.
        let wrong = original.replacingOccurrences(of: "value=\"ItemNotFound\"", with: "value=\"PermissionDenied\"")
        let path = folder.appendingPathComponent("WRONG-1-21.xml").path
        try wrong.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try commands.run(["test", "--self", "--quiet", path])
        #expect(result.status == 1)
        #expect(result.text.contains("FAIL \(path)"))
        #expect(result.text.contains("step 0: ResponseMessage/BatchItem/ResultReason: expected PermissionDenied, got ItemNotFound"))
        #expect(result.text.contains("--- expected (recording)"))
    }

    @Test func badInputGetsAOneLineReason() throws {
        let missing = try commands.run(["test", "--self", "/nonexistent/vectors"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such file or folder"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmip-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let overrides = folder.appendingPathComponent("overrides.txt").path
        try "known SOME-FILE.xml *\n".write(toFile: overrides, atomically: true, encoding: .utf8)
        let bad = try commands.run(["test", "--self", "--overrides", overrides, "Vectors/harness"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("line 1"))
    }
}
