(ns lincheck.linear
  "knossos.linear's entry point: (analysis model history) with the linear search."
  (:require [lincheck.core :as core]))

(defn analysis
  ([model history] (analysis model history {}))
  ([model history opts] (core/analysis model history (assoc opts :algorithm :linear))))
