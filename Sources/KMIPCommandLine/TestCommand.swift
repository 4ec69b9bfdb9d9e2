import ArgumentParser
import Foundation
import KMIPClient
import KMIPHarness

/// `kmip test`: the compliance harness. Replays OASIS XML test vectors against a server.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Replay KMIP XML test vectors against a server and compare every response.",
        discussion: """
            Runs each vector file's requests in order on one connection and compares each \
            response with the recorded one under the permitted variations of KMIP Profiles 2.1 \
            section 4.1 (see SPEC-NOTES.md). Folders are searched for *.xml. --self starts the \
            mock server in this process (deterministic mode, mutual TLS on loopback, emptied \
            before each file; with --https-path, KMIP over HTTPS at that path). Prints a live \
            progress line, a summary per profile and version, and the first mismatch of each \
            failing file as a TTLV tree. Exits 1 when a file fails that the overrides file does \
            not list.

            Examples:
              kmip test --self ../shared/kmip-vectors/cosmian-kmip/v2.1/XML/mandatory
              kmip test --self Vectors/harness --junit report.xml --json report.json
              kmip test --self --https-path /kmip ../shared/kmip-vectors/cosmian-kmip/v2.1/XML/mandatory
              kmip test --host kms.example.com --cert client.pem --key client-key.pem --ca ca.pem BL-M-1-21.xml
            """
    )

    @Argument(help: "Vector files or folders.") var paths: [String]
    @Flag(name: .customLong("self"), help: "Run against an in-process mock server instead of --host.") var selfServer = false
    @OptionGroup var server: ServerOptions
    @Option(help: "Overrides file (skip|known FILE STEP REASON lines); default Vectors/overrides.txt when it exists.") var overrides: String?
    @Flag(help: "Use no overrides file: every failure counts, chained files run on an emptied server.") var noOverrides = false
    @Option(help: "Write a JUnit XML report here.") var junit: String?
    @Option(help: "Write a JSON report here.") var json: String?
    @Option(help: "Seconds a server-chosen date may be from the server's clock.") var timeTolerance = 3600
    @Flag(help: "No live progress line (there is none when standard error is not a terminal).") var quiet = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one vector file or folder") }
        guard timeTolerance >= 0 else { throw ValidationError("--time-tolerance must not be negative") }
        guard !(noOverrides && overrides != nil) else { throw ValidationError("give --overrides or --no-overrides, not both") }
    }

    func run() async throws {
        if selfServer { try server.refuseTargetFlags("--self runs the vectors against a mock server it starts itself") }
        var settings = HarnessRunner.Settings()
        settings.timeTolerance = Int64(timeTolerance)
        let overridesPath = noOverrides ? nil : overrides ?? (FileManager.default.fileExists(atPath: "Vectors/overrides.txt") ? "Vectors/overrides.txt" : nil)
        do {
            if let overridesPath { settings.overrides = try Overrides(path: overridesPath) }
        } catch {
            throw CommandError(error.description)
        }
        let files: [String]
        do {
            files = try HarnessRunner.vectorFiles(paths)
        } catch {
            throw CommandError(error.description)
        }
        guard !files.isEmpty else { throw CommandError("no .xml vector files under \(paths.joined(separator: ", "))") }

        let results: [FileResult]
        var progress: HarnessRunner.Progress?
        let live = !quiet && isatty(2) == 1
        if live {
            progress = { (done: Int, total: Int, result: FileResult) in
                let line = "\r\u{1B}[K[\(done)/\(total)] \(result.status.word) \(result.name)"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        if selfServer {
            let local = try await SelfServer.start(httpsPath: try server.commandLineHTTPSPath())
            settings.beforeEachFile = { local.reset() }
            settings.moveClock = { local.moveClock(toElapsed: $0) }
            results = await HarnessRunner(client: local.client, settings: settings).run(files: files, progress: progress)
            await local.stop()
        } else {
            let client = try server.makeClient()
            results = await HarnessRunner(client: client, settings: settings).run(files: files, progress: progress)
            await client.shutdown()
        }
        if live { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

        let report = HarnessReport(results: results)
        print(report.failureDetails, terminator: "")
        print(report.summaryTable, terminator: "")
        let passed = results.filter(\.passed).count
        print("\(passed) of \(results.count) files passed; \(report.unexpectedFailures.count) failed unexpectedly")
        if let junit { try writeFile(Array(report.junit.utf8), to: junit, mode: 0o644) }
        if let json { try writeFile(Array(try report.json()), to: json, mode: 0o644) }
        if !report.unexpectedFailures.isEmpty { throw ExitCode(1) }
    }
}
