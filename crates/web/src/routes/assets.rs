//! Static assets, embedded in the binary so that cypp is one file to deploy. The stylesheet
//! and GOV.UK Frontend's JavaScript are built from the npm package by `build.rs`.

use axum::http::header;
use axum::response::IntoResponse;

const STYLESHEET: &str = include_str!(concat!(env!("OUT_DIR"), "/cypp.css"));
const GOVUK_FRONTEND: &str = include_str!(concat!(env!("OUT_DIR"), "/govuk-frontend.min.js"));
const SCRIPT: &str = include_str!("../../assets/cypp.js");

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body)
}

pub async fn get_stylesheet() -> impl IntoResponse {
    asset("text/css; charset=utf-8", STYLESHEET)
}

pub async fn get_govuk_frontend() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", GOVUK_FRONTEND)
}

pub async fn get_script() -> impl IntoResponse {
    asset("text/javascript; charset=utf-8", SCRIPT)
}
