"""Log-mel features exactly as model-contract section 4 (Whisper-style, 128 Slaney bins).

16 kHz mono; n_fft 400, hop 160, periodic Hann, centred STFT with reflect pad 200, power
spectrum, Slaney mel filterbank (fmin 0, fmax 8000, area-normalised), log10(max(x, 1e-10)),
clamp at max - 8 over the utterance, (x + 4) / 4, last frame dropped; audio shorter than
0.5 s is zero-padded to 0.5 s.
"""

import json

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 128
MIN_SAMPLES = SAMPLE_RATE // 2


def _hz_to_mel(f):
    """Slaney mel scale (linear below 1 kHz, log above)."""
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mels)


def _mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters() -> np.ndarray:
    """Slaney-normalised triangular filterbank, float32 [N_MELS, N_FFT // 2 + 1]."""
    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    mel_pts = np.linspace(_hz_to_mel(0.0), _hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2)
    hz_pts = _mel_to_hz(mel_pts)
    fdiff = np.diff(hz_pts)
    ramps = hz_pts[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (hz_pts[2 : N_MELS + 2] - hz_pts[:N_MELS]))[:, None]
    return weights.astype(np.float32)


_FILTERS = mel_filters()
_WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float64)


def log_mel(audio: np.ndarray) -> np.ndarray:
    """float32 [N_MELS, T] features of 16 kHz mono audio, T = floor(max(n, 8000) / 160)."""
    x = np.asarray(audio, dtype=np.float64)
    if x.shape[0] < MIN_SAMPLES:
        x = np.pad(x, (0, MIN_SAMPLES - x.shape[0]))
    padded = np.pad(x, (N_FFT // 2, N_FFT // 2), mode="reflect")
    n_frames = 1 + (padded.shape[0] - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(n_frames)[:, None]
    spec = np.fft.rfft(padded[idx] * _WINDOW, axis=1)
    power = spec.real**2 + spec.imag**2
    mel = _FILTERS.astype(np.float64) @ power.T
    logm = np.log10(np.maximum(mel, 1e-10))
    logm = np.maximum(logm, logm.max() - 8.0)
    logm = (logm + 4.0) / 4.0
    return logm[:, :-1].astype(np.float32)


def write_mel_filters_json(path: str) -> None:
    """Write the filterbank as the public export does: `{n_mels, n_freqs, data}`, data 128 rows of 201 floats."""
    with open(path, "w") as f:
        json.dump({"n_mels": N_MELS, "n_freqs": N_FFT // 2 + 1, "data": [[float(v) for v in row] for row in _FILTERS]}, f)


def preprocessor_config() -> dict:
    """The public exporter's `preprocessor_config.json` (WhisperFeatureExtractor field names)."""
    return {"feature_extractor_type": "WhisperFeatureExtractor", "feature_size": N_MELS, "sampling_rate": SAMPLE_RATE,
            "hop_length": HOP, "n_fft": N_FFT, "chunk_length": 30, "n_samples": 30 * SAMPLE_RATE,
            "nb_max_frames": 30 * SAMPLE_RATE // HOP, "padding_side": "right", "padding_value": 0.0,
            "return_attention_mask": False}
