(ns lincheck.core
  "Linearizability analysis with the shape of knossos.competition/analysis: give it a model and a
  history (a sequence of op maps) and get back {:valid? true|false|:unknown ...}."
  (:require [lincheck.model])
  (:import (lincheck.api Analysis)
           (lincheck.edn HistoryReader Edn)
           (java.nio.file Path)))

(defn analysis
  "Checks `history` against `model`. Options: :algorithm (:competition (default), :wgl or :linear),
  :time-limit (milliseconds), :memory-limit (fraction of the heap the search may keep)."
  ([model history] (analysis model history {}))
  ([model history opts] (Analysis/run model history opts)))

(defn read-history
  "Reads a Jepsen history file (a vector of op maps, or one map per line) with clojure.edn.
  Each op keeps its position in the file as metadata, for error messages."
  [file]
  (HistoryReader/read (Path/of (str file) (make-array String 0))))

(defn valid?
  "True, false or :unknown, from an analysis."
  [result]
  (:valid? result))
