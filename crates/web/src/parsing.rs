//! Reading uploaded files, which is CPU work of unknown size: it runs on tokio's blocking
//! threads, never on the workers that answer requests, and at most [`permits`] files are read
//! at once per server, so that a flood of uploads slows uploads down and nothing else. A file
//! that has waited [`WAIT`] for its turn is answered "the service is busy".

use std::sync::OnceLock;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::AppError;

/// How long an upload waits for a turn before it is told to try again.
pub const WAIT: Duration = Duration::from_secs(30);

/// How many files are read at once: the number of cores, at most 4, leaving the rest of the
/// machine to everyone else.
pub fn permits() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 4)
}

fn turns() -> &'static Semaphore {
    static TURNS: OnceLock<Semaphore> = OnceLock::new();
    TURNS.get_or_init(|| Semaphore::new(permits()))
}

/// Runs `work` on a blocking thread when a turn is free.
pub async fn read_off_the_workers<R: Send + 'static>(work: impl FnOnce() -> R + Send + 'static) -> Result<R, AppError> {
    let turn = tokio::time::timeout(WAIT, turns().acquire())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|_| AppError::Internal("the readers' turns were closed".into()))?;
    let result =
        tokio::task::spawn_blocking(work).await.map_err(|e| AppError::Internal(format!("reading a file stopped: {e}")));
    drop(turn);
    result
}
