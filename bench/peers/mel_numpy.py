"""Peer of `npm run bench -- features`: librosa 0.9.2's mel spectrogram and HPSS medians in plain
numpy and scipy.

STFT magnitude with librosa's framing (centred, zero padded, periodic Hann, n_fft 2048, hop 512)
through numpy's pocketfft rfft, squared, the Slaney mel filter bank (128 bands, as
librosa.filters.mel builds it) as one matmul, and power_to_db (ref np.max, amin 1e-10, top_db 80).
HPSS as librosa.decompose.hpss runs it: scipy.ndimage.median_filter of the magnitude, kernel 31
along time and along frequency, then the harmonic soft mask (power 2, split zeros); the magnitude
is computed once, before the timing.
Usage: python3 mel_numpy.py <samples.f32> ; then one command per line on stdin: `mel` (power mel),
`db` (mel in dB) or `medians` (HPSS's medians and mask); each answers with the milliseconds it
took and the output's sum.
"""
import sys
import time

import numpy as np

try:
    from scipy.ndimage import median_filter
except ImportError:  # the mel commands still run
    median_filter = None

SR, N_FFT, HOP, N_MELS = 22050, 2048, 512, 128


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, min_log_hz) / min_log_hz) / logstep, mels)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_bank():
    fftfreqs = np.linspace(0, SR / 2, 1 + N_FFT // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2.0), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((N_MELS, 1 + N_FFT // 2))
    for i in range(N_MELS):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2 : N_MELS + 2] - mel_f[:N_MELS]))[:, None]
    return weights.astype(np.float32)


WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)
BANK = mel_bank()


def mel(y):
    padded = np.pad(y, N_FFT // 2, mode="constant")
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    spectrum = np.fft.rfft(frames * WINDOW, axis=1)
    power = (spectrum.real ** 2 + spectrum.imag ** 2).astype(np.float32)
    return BANK @ power.T


def db(y):
    m = mel(y)
    s = 10.0 * np.log10(np.maximum(1e-10, m)) - 10.0 * np.log10(max(1e-10, float(m.max())))
    return np.maximum(s, s.max() - 80.0)


def magnitude(y):
    padded = np.pad(y, N_FFT // 2, mode="constant")
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP]
    return np.abs(np.fft.rfft(frames * WINDOW, axis=1)).astype(np.float32).T  # bins x frames, as librosa


def medians(mag):
    harm = median_filter(mag, size=(1, 31), mode="reflect")
    perc = median_filter(mag, size=(31, 1), mode="reflect")
    z = np.maximum(harm, perc)
    bad = z < np.finfo(np.float32).tiny
    z[bad] = 1
    mask = (harm / z) ** 2
    ref = (perc / z) ** 2
    mask = mask / (mask + ref)
    mask[bad] = 0.5
    return mask


def main():
    y = np.fromfile(sys.argv[1], dtype=np.float32)
    mag = magnitude(y)
    for fn in (mel, db):
        fn(y)  # warm-up
    if median_filter is not None:
        medians(mag)
    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "medians":
            if median_filter is None:
                print("nan nan", flush=True)
                continue
            t0 = time.perf_counter()
            out = medians(mag)
            ms = (time.perf_counter() - t0) * 1000
            print(f"{ms:.4f} {float(np.sum(out, dtype=np.float64)):.6e}", flush=True)
            continue
        fn = {"mel": mel, "db": db}[command]
        t0 = time.perf_counter()
        out = fn(y)
        ms = (time.perf_counter() - t0) * 1000
        print(f"{ms:.4f} {float(np.sum(out, dtype=np.float64)):.6e}", flush=True)


if __name__ == "__main__":
    main()
