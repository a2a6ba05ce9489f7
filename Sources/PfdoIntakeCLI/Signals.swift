import Dispatch
import Foundation
import Pipeline

/// SIGINT and SIGTERM during a batch: the first asks the batch to stop after the pages in flight (what is
/// done is committed, the command prints how to resume and exits 128 + signal: 130 or 143); a second one
/// stops at once (the pages read so far are already kept in the database).
final class StopOnSignal {
    private var sources: [DispatchSourceSignal] = []

    init(_ stop: StopRequest) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if stop.requested != nil {
                    printError("stopped at once; what was read is kept, run the same command again to resume")
                    exit(128 + sig)
                }
                stop.request(sig)
                printError("stopping after the pages in flight (\(sig == SIGINT ? "Ctrl-C" : "SIGTERM") again to stop at once)")
            }
            source.resume()
            sources.append(source)
        }
    }

    func restore() {
        for s in sources { s.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
