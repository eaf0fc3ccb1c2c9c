//! A node's life at its edges: request bodies that stop arriving are cut (408, nothing saved),
//! and a node told to stop closes each connection after its current request, so a load
//! balancer's keep-alive connections move to the other nodes while requests in flight finish.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::HttpMessage;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{ConnectionType, Method};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use bytes::Bytes;
use futures_util::Stream;
use tokio::time::{Instant, Sleep};

use crate::actions::AppState;

/// A request body as actix-http streams it.
type BoxedPayloadStream = Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>>;
use crate::web::error::{AppError, PageError};

/// A request body that fails once nothing has arrived for `timeout`.
struct Timed {
    inner: Payload,
    timeout: Duration,
    sleep: Pin<Box<Sleep>>,
    timed_out: Arc<AtomicBool>,
}

impl Stream for Timed {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.timed_out.load(Ordering::SeqCst) {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(item) => {
                let next = Instant::now() + this.timeout;
                this.sleep.as_mut().reset(next);
                Poll::Ready(item)
            }
            Poll::Pending => match this.sleep.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    this.timed_out.store(true, Ordering::SeqCst);
                    let quiet =
                        io::Error::new(io::ErrorKind::TimedOut, "the body stopped arriving");
                    Poll::Ready(Some(Err(PayloadError::Io(quiet))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

fn carries_body(request: &ServiceRequest) -> bool {
    !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    )
}

/// Cut bodies that go quiet (408, said in words, the connection closed) and, once the node is
/// stopping, close every connection after its answer.
pub async fn slow_bodies_and_stopping(
    mut request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    let timed_out = Arc::new(AtomicBool::new(false));
    if carries_body(&request) {
        let timed = Timed {
            inner: request.take_payload(),
            timeout: state.body_timeout,
            sleep: Box::pin(tokio::time::sleep(state.body_timeout)),
            timed_out: timed_out.clone(),
        };
        let boxed: BoxedPayloadStream = Box::pin(timed);
        request.set_payload(Payload::from(boxed));
    }
    let api = request.path().starts_with("/api/");
    // The request is not cloned before routing (the router needs it unshared); the cut answer
    // takes it back from the handler's answer.
    let answered = next.call(request).await?;
    let mut response = if timed_out.load(Ordering::SeqCst) {
        let answer = if api {
            AppError::RequestTimeout.error_response()
        } else {
            PageError(AppError::RequestTimeout).error_response()
        };
        let (http, _) = answered.into_parts();
        let mut cut = ServiceResponse::new(http, answer).map_into_right_body();
        cut.response_mut()
            .head_mut()
            .set_connection_type(ConnectionType::Close);
        cut
    } else {
        answered.map_into_left_body()
    };
    if state.stopping.load(Ordering::SeqCst) {
        response
            .response_mut()
            .head_mut()
            .set_connection_type(ConnectionType::Close);
    }
    Ok(response)
}
