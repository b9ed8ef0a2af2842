(ns lincheck.model
  "Model constructors with the names and arities of knossos.model. Each returns an immutable
  model value (a lincheck.model.Model) whose step function the searches call.

  Options (a map, last argument) for the conventions of other tools' histories:
    :absent    what a kv get of a key never written reads (default nil; \"\" as in 6.824/Porcupine)
    :nil-read  :unknown (default, Knossos: a register read of nil matches any value) or :value
               (Porcupine: a read of nil means the register holds nil)"
  (:refer-clojure :exclude [set])
  (:import (lincheck.model Model Models Conventions)))

(defn model
  "The model called `model-name` (a string, keyword or symbol) with initial value `init`."
  ([model-name init] (model model-name init nil))
  ([model-name init opts]
   (Models/create (name model-name) init (Conventions/of opts))))

(defn register
  ([] (register nil))
  ([value] (model "register" value))
  ([value opts] (model "register" value opts)))

(defn cas-register
  ([] (cas-register nil))
  ([value] (model "cas-register" value))
  ([value opts] (model "cas-register" value opts)))

(defn multi-register [values] (model "multi-register" values))

(defn mutex [] (model "mutex" nil))

(defn set [] (model "set" nil))

(defn fifo-queue [] (model "fifo-queue" nil))

(defn unordered-queue [] (model "unordered-queue" nil))

(defn kv
  ([] (kv {}))
  ([values] (model "kv" values))
  ([values opts] (model "kv" values opts)))

(defn step
  "The model after applying op, or an inconsistent model."
  [^Model m op]
  (.step m (:f op) (:value op)))

(defn inconsistent? [^Model m] (.isInconsistent m))
