import Foundation
import KMIPHarness
import KMIPSpec
import Testing

/// Reading vector files: pairs, profile and version from the file, and clear errors for
/// files that cannot be run.
@Suite struct VectorFileTests {
    func write(_ text: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func pairsProfileAndVersion() throws {
        let path = try write("<KMIP>\n# TIME 0\n" + request("Query", "") + response("Query", "", time: "$NOW") + "</KMIP>", name: "CS-BC-M-GCM-2-21.xml")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try VectorFile(path: path, marks: PlaceholderMarks())
        #expect(file.steps.count == 1)
        #expect(file.profile == "CS-BC")
        #expect(file.version?.description == "2.1")
    }

    @Test func filesThatCannotRunSayWhy() throws {
        let cases: [(String, String)] = [
            ("<KMIP>" + request("Query", "") + "</KMIP>", "pairs"),
            ("<KMIP>" + response("Query", "", time: "$NOW") + request("Query", "") + "</KMIP>", "RequestMessage then a ResponseMessage"),
            ("<KMIP>" + request("Query", "") + "</KMIP></KMIP>", "Extra content"),
            ("<KMIP><RequestMessage><BatchCount type=\"Integer\" value=\"$NOW\"/></RequestMessage></KMIP>", "$NOW"),
        ]
        for (text, words) in cases {
            let path = try write(text, name: "BAD-1-21.xml")
            defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
            do {
                _ = try VectorFile(path: path, marks: PlaceholderMarks())
                Issue.record("read: \(text)")
            } catch {
                #expect(error.code == .malformed)
                #expect(error.description.contains(words), "\(error)")
            }
        }
        #expect(throws: HarnessError.self) { try VectorFile(path: "/nonexistent/BL-M-1-21.xml", marks: PlaceholderMarks()) }
    }
}
