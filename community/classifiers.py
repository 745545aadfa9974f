"""Classifiers for the pipeline's toxicity step (community/pipeline/toxicity.py).

`local_toxicity`: alt-profanity-check's trained model (a linear SVM over
character and word n-grams, calibrated, trained on labelled abusive and
ordinary text), shipped inside the package, so nothing is downloaded and
no text leaves the server. Chosen with COMMUNITY_TOXICITY=local.

The model is loaded on first use (scikit-learn and the model take a few
seconds to import), once per process; scoring a comment then takes well
under a millisecond."""

import threading

_lock = threading.Lock()
_predict_prob = None


def _model():
    global _predict_prob
    if _predict_prob is None:
        with _lock:
            if _predict_prob is None:
                # The package's pickled model files are part of the pinned, installed
                # package (pyproject.toml's toxicity extra), never read from user input.
                from profanity_check import predict_prob

                _predict_prob = predict_prob
    return _predict_prob


def local_toxicity(text: str) -> float:
    """Probability (0..1) that `text` is offensive, from the shipped model."""
    return float(_model()([text])[0])
