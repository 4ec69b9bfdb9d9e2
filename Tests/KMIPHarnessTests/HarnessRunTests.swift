import Foundation
import KMIPClient
import KMIPHarness
import KMIPSpec
import Testing

/// The harness end to end: vector files against the in-process mock server over mutual TLS
/// on loopback.
@Suite(.serialized) struct HarnessRunTests {
    static let lifecycle = packageRoot.appendingPathComponent("Vectors/harness/OWN-LIFECYCLE-1-21.xml").path

    func withSelfServer(overrides: Overrides = Overrides(), httpsPath: String? = nil, _ body: (HarnessRunner) async throws -> Void) async throws {
        let server = try await SelfServer.start(httpsPath: httpsPath)
        var settings = HarnessRunner.Settings()
        settings.overrides = overrides
        settings.beforeEachFile = { server.reset() }
        settings.moveClock = { server.moveClock(toElapsed: $0) }
        let runner = HarnessRunner(client: server.client, settings: settings)
        do {
            try await body(runner)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func theSelfServerRunsOverHTTPS() async throws {
        let server = try await SelfServer.start(httpsPath: "/kmip")
        // The client speaks HTTPS to the server's other port: TTLV sent there would not read.
        #expect(server.client.configuration.httpsPath == "/kmip")
        #expect(server.client.configuration.port != server.port)
        await server.stop()
        try await withSelfServer(httpsPath: "/kmip") { runner in
            let results = await runner.run(files: [Self.lifecycle])
            #expect(results[0].passed, "\(results[0].firstMismatch.map { "\($0)\n\($0.diff)" } ?? "")")
        }
    }

    @Test func recordedFilePassesAndADoctoredOneFails() async throws {
        let original = try String(contentsOfFile: Self.lifecycle, encoding: .utf8)
        // The key is Active after step 3; the doctored recording claims Pre-Active at step 4.
        let doctored = original.replacingOccurrences(of: "<State type=\"Enumeration\" value=\"Active\"/>", with: "<State type=\"Enumeration\" value=\"PreActive\"/>")
        #expect(doctored != original)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let doctoredPath = folder.appendingPathComponent("OWN-LIFECYCLE-1-21.xml").path
        try doctored.write(toFile: doctoredPath, atomically: true, encoding: .utf8)

        try await withSelfServer { runner in
            let results = await runner.run(files: [Self.lifecycle, doctoredPath])
            #expect(results[0].passed, "\(results[0].firstMismatch.map { "\($0)\n\($0.diff)" } ?? "")")
            #expect(results[0].steps == 10)
            #expect(results[0].profile == "OWN-LIFECYCLE")
            #expect(results[0].version?.description == "2.1")
            guard case .failed(let mismatch) = results[1].status else {
                Issue.record("the doctored file passed")
                return
            }
            #expect(mismatch.step == 4)
            #expect(mismatch.path.last == "State")
            #expect(mismatch.diff.contains("State (Enumeration): Active"))
            let report = HarnessReport(results: results)
            #expect(report.unexpectedFailures.count == 1)
            let json = try #require(try JSONSerialization.jsonObject(with: report.json()) as? [String: Any])
            let files = try #require(json["files"] as? [[String: Any]])
            #expect(files.count == 2)
            #expect(files[0]["passed"] as? Bool == true)
            #expect(files[1]["passed"] as? Bool == false)
            #expect(files[1]["profile"] as? String == "OWN-LIFECYCLE")
            #expect(files[1]["version"] as? String == "2.1")
            #expect(files[1]["skipped"] is NSNull)
            #expect((files[1]["first_mismatch"] as? [String: Any])?["step"] as? Int == 4)
            #expect(report.junit.contains("<failure message=\"step 4: "))
        }
    }

    @Test func overridesSkipAndExpectFailures() async throws {
        let overrides = try Overrides(text: """
            # kind file step reason
            skip  OWN-LIFECYCLE-1-21.xml  *  for this test
            """)
        try await withSelfServer(overrides: overrides) { runner in
            let result = await runner.run(file: Self.lifecycle)
            guard case .skipped(let reason) = result.status else {
                Issue.record("not skipped: \(result.status)")
                return
            }
            #expect(reason == "for this test")
        }
        #expect(throws: HarnessError.self) { try Overrides(text: "known BL-M-1-21.xml *") }
        #expect(throws: HarnessError.self) { try Overrides(text: "ignore BL-M-1-21.xml * no such kind") }
    }

    @Test func knownStepsAndStaleEntriesAreReported() async throws {
        let original = try String(contentsOfFile: Self.lifecycle, encoding: .utf8)
        let doctored = original.replacingOccurrences(of: "<State type=\"Enumeration\" value=\"Active\"/>", with: "<State type=\"Enumeration\" value=\"PreActive\"/>")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let doctoredPath = folder.appendingPathComponent("DOCTORED-1-21.xml").path
        try doctored.write(toFile: doctoredPath, atomically: true, encoding: .utf8)
        let overrides = try Overrides(text: """
            known  DOCTORED-1-21.xml     4  the recording is wrong at step 4
            known  OWN-LIFECYCLE-1-21.xml  *  no longer fails
            """)
        try await withSelfServer(overrides: overrides) { runner in
            let results = await runner.run(files: [doctoredPath, Self.lifecycle])
            // The known step is reported; the file went on to its last step.
            guard case .known(let mismatch, let reason) = results[0].status else {
                Issue.record("expected a known failure: \(results[0].status)")
                return
            }
            #expect(mismatch.step == 4)
            #expect(reason == "the recording is wrong at step 4")
            #expect(results[0].steps == 10)
            #expect(!results[0].isUnexpectedFailure)
            #expect(results[1].passed)
            #expect(results[1].staleOverride == "no longer fails")
            #expect(HarnessReport(results: results).failureDetails.contains("note OWN-LIFECYCLE-1-21.xml passes"))
        }
        #expect(throws: HarnessError.self) { try Overrides(text: "skip BL-M-1-21.xml 2 a step cannot be skipped alone") }
    }

    @Test func aChainedFileRunsOnThePreviousFilesObjects() async throws {
        let folder = vectorsRoot.appendingPathComponent("cosmian-kmip/v2.1/XML/mandatory")
        let files = ["SASED-M-2-21.xml", "SASED-M-3-21.xml"].map { folder.appendingPathComponent($0).path }
        try await withSelfServer { runner in
            let results = await runner.run(files: files)
            #expect(results[0].passed)
            #expect(results[1].firstMismatch?.kind == .missingField, "on an emptied server there is nothing to locate")
        }
        let chained = try Overrides(text: "chain SASED-M-3-21.xml * locates what SASED-M-2-21 registered")
        try await withSelfServer(overrides: chained) { runner in
            let results = await runner.run(files: files)
            let allPassed = results.allSatisfy { $0.passed }
            #expect(allPassed, "\(results.map { $0.firstMismatch?.description ?? "pass" })")
        }
    }

    /// CI: every mandatory and optional vector of KMIP 2.1, 2.0, 1.3 and 1.0 to 1.2, the test
    /// cases of 1.0 to 1.2, 1.3 and 2.0, and our own `Vectors/`, against the mock server. A file may
    /// fail only if `Vectors/overrides.txt` says why, and a file it lists as failing must still fail.
    @Test func everyVectorPassesOrIsListedInTheOverrides() async throws {
        let overrides = try Overrides(path: packageRoot.appendingPathComponent("Vectors/overrides.txt").path)
        let folders = ["v2.1", "v2.0", "v1.3", "v1.0"].flatMap { version in
            ["mandatory", "optional"].map { vectorsRoot.appendingPathComponent("cosmian-kmip/\(version)/XML/\($0)").path }
        } + ["v1.0", "v1.1", "v1.2"].map { vectorsRoot.appendingPathComponent("ovh-kmip-go/kmiptest/testdata/\($0)").path }
            + [packageRoot.appendingPathComponent("Vectors/harness").path]
        // The KMIP 1.3 and 2.0 test-case documents.
        let cases = ["testcases/v1.3/cnd01/test-cases/kmip-v1.3", "kmip-testcases/v2.0/cnd02/test-cases/kmip-v2.0"].map {
            vectorsRoot.appendingPathComponent("cosmian-kmip/website/\($0)").path
        }
        let files = try HarnessRunner.vectorFiles(folders + cases)
        #expect(files.count > 600)
        try await withSelfServer(overrides: overrides) { runner in
            let report = HarnessReport(results: await runner.run(files: files))
            print(report.summaryTable)
            for failure in report.unexpectedFailures {
                Issue.record("\(failure.path): \(failure.firstMismatch.map(\.description) ?? "\(failure.status)")")
            }
            for stale in report.results where stale.staleOverride != nil {
                Issue.record("\(stale.path) passes: its known entry in Vectors/overrides.txt can go")
            }
        }
    }
}
