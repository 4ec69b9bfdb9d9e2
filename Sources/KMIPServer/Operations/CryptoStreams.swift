import KMIP
import KMIPCrypto
import KMIPSpec
import Synchronization

/// Multi-part cryptographic runs kept between requests, by Correlation Value: a cipher
/// (`SymmetricCipherStream`) or a hash, MAC or signature (`DigestStream`). Each belongs to the
/// client that began it, its object and its operation; one request at a time takes it out and
/// gives it back. A client keeps at most `perClient` open; a run left untouched for `idleLimit`
/// is dropped when the next one opens.
public final class CryptoStreams: Sendable {
    /// Whose a run is: a client's, with one object (none for Hash), for one operation.
    struct Owner: Equatable {
        var client: String
        var object: String?
        var operation: Operation
    }

    /// A run between two parts.
    struct Run: Sendable {
        let stream: any AnyObject & Sendable
        let owner: Owner
        /// The MAC or signature a MAC Verify or Signature Verify checks at its last part.
        var expected: [UInt8]?
        var lastUse = ContinuousClock.now
    }

    private let runs = Mutex<[[UInt8]: Run]>([:])
    let perClient: Int
    let idleLimit: Duration

    /// - Parameters:
    ///   - perClient: the most runs one client keeps open (`kmip serve --max-open-runs`).
    ///   - idleLimit: how long a run may wait for its next part before it is dropped.
    public init(perClient: Int = 64, idleLimit: Duration = .seconds(600)) {
        self.perClient = perClient
        self.idleLimit = idleLimit
    }

    /// Keeps a new run; returns its Correlation Value (16 random bytes).
    func open(_ run: Run) throws(OperationError) -> [UInt8] {
        let correlation: [UInt8]
        do {
            correlation = try Random.bytes(16)
        } catch {
            throw CryptoOperations.failure(error)
        }
        let now = ContinuousClock.now
        try runs.withLock { (runs) throws(OperationError) in
            runs = runs.filter { now - $0.value.lastUse < idleLimit }
            guard runs.values.count(where: { $0.owner.client == run.owner.client }) < perClient else {
                throw OperationError(.serverLimitExceeded, "multi-part limit hit: \(perClient) runs already open for \(run.owner.client); finish one first (--max-open-runs \(perClient))")
            }
            runs[correlation] = run
        }
        return correlation
    }

    /// Takes out the run `correlation` names, if `owner` began it; `keep` gives it back.
    func take(_ correlation: [UInt8], for owner: Owner) throws(OperationError) -> Run {
        let run = runs.withLock { runs -> Run? in
            guard let run = runs[correlation], run.owner == owner else { return nil }
            runs[correlation] = nil
            return run
        }
        guard let run else {
            let object = owner.object.map { " with object \($0)" } ?? ""
            throw OperationError(.invalidCorrelationValue,
                                 "no multi-part \(owner.operation)\(object) is open under that Correlation Value (finished, timed out, or never begun)")
        }
        return run
    }

    /// Gives back a run `take` took out, for its next part.
    func keep(_ run: Run, as correlation: [UInt8]) {
        var run = run
        run.lastUse = ContinuousClock.now
        runs.withLock { $0[correlation] = run }
    }
}
